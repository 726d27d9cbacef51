using Mercato.Server.Feeds;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary><c>mercato bench WHAT</c>: whole-system benchmarks that print their figures and can write them as JSON.</summary>
internal static class BenchCommand
{
    public static readonly CommandSpec Spec = new(
        "bench",
        "run a benchmark (import)",
        "mercato bench import --rows N [--database CONN] [--json FILE] [--seed S] [--batch-size B] [--reimport]",
        ["--rows", "--json", "--seed", "--batch-size"],
        ["--reimport"],
        1,
        """
          import             generate an N-row vehicle CSV and import it into a new tenant (SQLite in a temporary
                             folder unless --database); reports rows/s and peak memory
          --rows N           rows to generate and import (default 100,000)
          --json FILE        also write the figures as JSON
          --seed S           generator seed (default 1)
          --batch-size B     rows per write transaction (default 20,000)
          --reimport         import the same file a second time and measure that too (every row unchanged)
        """);

    public static Task<int> RunAsync(CliArguments args) => args.Positionals.FirstOrDefault() switch
    {
        "import" => FeedsBenchmark.RunAsync(args),
        null => throw new CliUsageException("say what to benchmark: 'mercato bench import --rows N'"),
        var other => throw new CliUsageException($"cannot benchmark '{other}'; only 'import'"),
    };
}
