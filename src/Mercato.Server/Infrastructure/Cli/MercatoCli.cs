using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.Feeds;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary>The <c>mercato</c> command line: picks the command, parses its options, runs it, returns the exit code.</summary>
internal static class MercatoCli
{
    private const string SharedHelp =
        """
          --data-dir DIR     SQLite data folder (default ./data)
          --database CONN    PostgreSQL connection string (or the MERCATO_DATABASE environment variable)
          -h, --help         this help
        """;

    public static readonly IReadOnlyList<CommandSpec> Commands =
    [
        new("serve", "run the marketplace (default)", "mercato serve [--urls URLS] [--no-demo] [--migrate]", ["--urls"], ["--no-demo", "--migrate"], 0,
            """
              --urls URLS        where to listen (default http://localhost:5080; ';'-separated)
              --no-demo          a new database gets an empty default marketplace, no demo data
              --migrate          on PostgreSQL, apply pending migrations before serving (SQLite always does)
              --environment ENV  ASP.NET Core environment (default Production)
              --Section:Key=V    any ASP.NET Core / Mercato setting, e.g. --Mercato:Demo:Vehicles=5000
            """),
        new("migrate", "apply database migrations", "mercato migrate", [], [], 0, ""),
        new("generate", "write a synthetic inventory feed", "mercato generate vehicles --count N [--seed S] --out FILE(.csv|.jsonl)", ["--count", "--seed", "--out"], [], 1,
            """
              --count N          how many listings (up to 10,000,000)
              --seed S           random seed; the same seed gives the same feed (default 1)
              --out FILE         .csv or .jsonl; '-' writes CSV to standard output
            """),
        new("tenants", "list, add or update marketplaces", "mercato tenants list | add --slug S --name N [--host H]... | update SLUG [options]",
            ["--slug", "--name", "--host", "--add-host", "--remove-host", "--currency", "--verticals", "--display-name", "--primary-color", "--accent-color", "--logo-url", "--seller-approval"], [], 2,
            """
              --slug S             tenant slug (add)
              --name N             marketplace name
              --host H             host name served (repeat; on update replaces the list)
              --add-host H         add a host name (update)
              --remove-host H      remove a host name (update)
              --currency CODE      default ISO 4217 currency (default USD)
              --verticals LIST     comma-separated: vehicles, wholesale, agents (default all)
              --display-name N     branding: name shown in the header
              --primary-color HEX  branding colour like #1f4ed8
              --accent-color HEX   branding colour
              --logo-url URL       branding logo
              --seller-approval on|off  new sellers wait for approval before their listings show (update)
            """),
        ImportCommand.Spec,
        BenchCommand.Spec,
    ];

    /// <summary>Commands that work but are not listed: worker-only processes (used by the multi-process job tests).</summary>
    public static readonly IReadOnlyList<CommandSpec> HiddenCommands = [JobsWorkerCommand.Spec];

    public static async Task<int> RunAsync(string[] args)
    {
        var name = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        if (name == "help" || (args.Length == 1 && args[0] is "--help" or "-h"))
        {
            PrintOverview();
            return 0;
        }

        var spec = Commands.FirstOrDefault(c => c.Name == name) ?? HiddenCommands.FirstOrDefault(c => c.Name == name);
        if (spec is null)
        {
            await Console.Error.WriteLineAsync($"mercato: unknown command '{name}'; commands: {string.Join(", ", Commands.Select(c => c.Name))}");
            return 2;
        }

        try
        {
            var parsed = CliArguments.Parse(spec, rest);
            if (parsed.Help)
            {
                Console.WriteLine($"usage: {spec.Usage}\n\n{spec.Summary}\n\n{spec.Help.TrimEnd()}\n{SharedHelp.TrimEnd()}".Replace("\n\n\n", "\n\n", StringComparison.Ordinal));
                return 0;
            }

            return spec.Name switch
            {
                "serve" => await ServeCommand.RunAsync(parsed),
                "migrate" => await MigrateCommand.RunAsync(parsed),
                "generate" => await GenerateCommand.RunAsync(parsed),
                "tenants" => await TenantsCommand.RunAsync(parsed, database => new VerticalCategories(database, TimeProvider.System)),
                "import" => await ImportCommand.RunAsync(parsed),
                "bench" => await BenchCommand.RunAsync(parsed),
                "jobs-worker" => await JobsWorkerCommand.RunAsync(parsed),
                _ => 2,
            };
        }
        catch (CliUsageException usage)
        {
            await Console.Error.WriteLineAsync($"mercato: {usage.Message}");
            return 2;
        }
        catch (StartupException failure)
        {
            await Console.Error.WriteLineAsync($"mercato: {failure.Message}");
            return 1;
        }
    }

    private static void PrintOverview()
    {
        Console.WriteLine("usage: mercato [command] [options]\n\ncommands:");
        foreach (var command in Commands)
        {
            Console.WriteLine($"  {command.Name,-10} {command.Summary}");
        }

        Console.WriteLine($"\noptions of every command:\n{SharedHelp.TrimEnd()}\n\n'mercato COMMAND --help' shows a command's options.");
    }
}

/// <summary>A reason the program cannot do what it was asked, reported as one line with exit code 1.</summary>
internal sealed class StartupException(string message) : Exception(message);
