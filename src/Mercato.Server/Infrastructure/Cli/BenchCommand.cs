using Mercato.Server.Feeds;
using Mercato.Server.Jobs;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary><c>mercato bench WHAT</c>: whole-system benchmarks of one subsystem each; every one prints its figures and can write them as JSON.</summary>
internal static class BenchCommand
{
    public static readonly CommandSpec Spec = new(
        "bench",
        "measure a subsystem (jobs, import)",
        "mercato bench jobs [--jobs N] [--workers W] [--json FILE] | bench import --rows N [--json FILE] [--seed S] [--batch-size B] [--reimport]",
        [.. JobsBenchmark.Spec.ValueOptions, "--rows", "--seed", "--batch-size"],
        [.. JobsBenchmark.Spec.Flags, "--reimport"],
        1,
        JobsBenchmark.Spec.Help.TrimEnd() + "\n" +
        """
          import             generate an N-row vehicle CSV and import it into a new tenant (SQLite in a temporary
                             folder unless --database); reports rows/s and peak memory
          --rows N           rows to generate and import (default 100,000)
          --seed S           generator seed (default 1)
          --batch-size B     rows per write transaction (default 20,000)
          --reimport         import the same file a second time and measure that too (every row unchanged)
        """);

    public static Task<int> RunAsync(CliArguments args) => args.Positionals.FirstOrDefault() switch
    {
        "import" => FeedsBenchmark.RunAsync(args),
        "jobs" => JobsBenchmark.RunAsync(args),
        null => throw new CliUsageException("say what to measure: 'mercato bench jobs' or 'mercato bench import --rows N'"),
        var other => throw new CliUsageException($"cannot measure '{other}'; use 'jobs' or 'import'"),
    };
}
