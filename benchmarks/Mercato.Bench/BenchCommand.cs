using Mercato.Server.Feeds;
using Mercato.Server.Jobs;
using Mercato.Server.Pages.Storefront.Benchmark;
using Mercato.Server.Search.Benchmark;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary><c>mercato bench WHAT</c>: whole-system benchmarks of one subsystem each; every one prints its figures and can write them as JSON.</summary>
internal static class BenchCommand
{
    public static readonly CommandSpec Spec = new(
        "bench",
        "measure a subsystem (search, storefront, jobs, import)",
        "mercato bench search --listings N [...] | bench storefront --listings N [...] | bench jobs [--jobs N] [--workers W] | bench import --rows N [...]",
        [.. JobsBenchmark.Spec.ValueOptions, "--listings", "--queries", "--peers", "--rows", "--seed", "--batch-size", "--requests", "--clients"],
        [.. JobsBenchmark.Spec.Flags, "--reimport"],
        1,
        """
          search             the search engine against SQLite FTS5 and PostgreSQL on the same query mix (docs/benchmarks.md)
          --listings N       how many generated vehicle listings
          --queries Q        how many queries in the mix (default 1000)
          --peers LIST       sqlite, postgres or none (default sqlite,postgres); postgres reads MERCATO_BENCH_POSTGRES
          storefront         the server-rendered search page: N generated vehicles imported into a scratch database
                             (SQLite in a temporary folder, or a new database on the --database PostgreSQL server,
                             dropped after), the web app on a loopback port, a mix of shopper searches; server and
                             client latency, where the time goes, compressed bytes of a first visit
          --listings N       how many generated vehicle listings
          --requests R       how many measured page requests (default 1000; a fifth more, 20 to 500, warm up first)
          --clients C        concurrent HTTP clients (default 2)
        """ + "\n" + JobsBenchmark.Spec.Help.TrimEnd() + "\n" +
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
        "search" => SearchBenchmark.RunAsync(args),
        "storefront" => StorefrontBenchmark.RunAsync(args),
        "import" => FeedsBenchmark.RunAsync(args),
        "jobs" => JobsBenchmark.RunAsync(args),
        null => throw new CliUsageException("say what to measure: 'mercato bench search --listings N', 'mercato bench jobs' or 'mercato bench import --rows N'"),
        var other => throw new CliUsageException($"unknown benchmark '{other}'; benchmarks: search, storefront, jobs, import"),
    };
}
