using System.CommandLine;
using System.CommandLine.Help;
using Mercato.Bench.Checkout;
using Mercato.Bench.Feeds;
using Mercato.Bench.Jobs;
using Mercato.Bench.Search;
using Mercato.Bench.Storefront;

namespace Mercato.Bench;

/// <summary>
/// <c>mercato bench WHAT</c>: whole-system benchmarks of one subsystem each; every one prints its figures and can
/// write them as JSON. A program apart from the server, so that the server carries no harness; the <c>mercato</c>
/// script runs it for <c>bench</c>.
/// </summary>
internal static class BenchCommand
{
    public const string Program = "mercato bench";

    public static Task<int> RunAsync(string[] args)
    {
        var globals = new CliGlobals();
        var root = new Command("bench", "measure a subsystem (search, storefront, jobs, import, checkout); figures and commands in docs/benchmarks.md");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        root.Options.Add(new HelpOption());
        root.Subcommands.Add(SearchBenchmark.Create(globals));
        root.Subcommands.Add(StorefrontBenchmark.Create(globals));
        root.Subcommands.Add(JobsBenchmark.Create(globals));
        root.Subcommands.Add(FeedsBenchmark.Create(globals));
        root.Subcommands.Add(CheckoutBenchmark.Create(globals));
        return CliRunner.RunAsync(root, args is [] ? ["--help"] : args, "mercato");
    }

    private static Task<int> Main(string[] args) => RunAsync(args);
}
