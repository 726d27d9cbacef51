using Mercato.Server.Search.Benchmark;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary><c>mercato bench WHAT …</c>: routes to the benchmark named by the first word.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(CliArguments args)
    {
        var what = args.Positionals.FirstOrDefault()
            ?? throw new CliUsageException("say what to benchmark: 'mercato bench search --listings N' or 'mercato bench jobs'");
        switch (what)
        {
            case "search":
                return await SearchBenchmark.RunAsync(args);
            case "jobs":
                return await Jobs.JobsBenchmark.RunAsync(args);
            default:
                await Console.Error.WriteLineAsync($"mercato: unknown benchmark '{what}'; benchmarks: search, jobs");
                return 2;
        }
    }
}
