using System.CommandLine;
using System.CommandLine.Help;
using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.Feeds;
using Mercato.Server.Infrastructure.Cli;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Host;

/// <summary>
/// The <c>mercato</c> command line: the one place that assembles every feature's command into a tree
/// (System.CommandLine), then parses and runs it. Exit codes: 0 ok, 1 failure, 2 wrong usage; import adds 3.
/// </summary>
internal static class MercatoCli
{
    public const string Program = "mercato";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["bench", ..])
        {
            // The harnesses are a program of their own (benchmarks/Mercato.Bench); the wrapper script runs it.
            await Console.Error.WriteLineAsync($"{Program}: benchmarks are a separate program; run './mercato bench {string.Join(' ', args[1..])}' from the repository");
            return ExitCodes.Usage;
        }

        var normalised = Normalise(args);
        var (commandLine, configuration) = normalised is ["serve", .. var rest] ? ServeCommand.SplitConfiguration(rest) : (normalised[1..], []);
        var globals = new CliGlobals();
        return await CliRunner.RunAsync(Build(globals, configuration), [normalised[0], .. commandLine], Program);
    }

    public static Command Build(CliGlobals globals, IReadOnlyList<string> configuration)
    {
        var root = new Command(Program, "A marketplace: catalog, search, seller feeds, accounts and background work in one program.");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        root.Options.Add(new HelpOption());
        root.Subcommands.Add(ServeCommand.Create(globals, configuration));
        root.Subcommands.Add(MigrateCommand.Create(globals));
        root.Subcommands.Add(GenerateCommand.Create(globals));
        root.Subcommands.Add(TenantsCommand.Create(globals, database => new VerticalCategories(database, TimeProvider.System)));
        root.Subcommands.Add(ImportCommand.Create(globals));
        root.Subcommands.Add(JobsWorkerCommand.Create(globals));
        return root;
    }

    // No command means serve; 'help [COMMAND]' means '[COMMAND] --help'.
    private static string[] Normalise(string[] args) => args switch
    {
        [] => ["serve"],
        ["help", .. var rest] => [.. rest, "--help"],
        [var first, ..] when first is "-h" or "--help" or "-?" => ["--help"],
        [var first, ..] when first.StartsWith('-') => ["serve", .. args],
        _ => args,
    };
}
