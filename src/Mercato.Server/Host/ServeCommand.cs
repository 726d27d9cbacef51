using System.CommandLine;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Host;

internal static class ServeCommand
{
    /// <summary>ASP.NET Core host settings passed through to the host as they are (the test host sets these too).</summary>
    public static readonly string[] HostOptions = ["--environment", "--contentRoot", "--applicationName"];

    public static Command Create(CliGlobals globals, IReadOnlyList<string> configuration)
    {
        var urls = new Option<string?>("--urls") { Description = $"where to listen, ';'-separated (default {MercatoApp.DefaultUrls})", HelpName = "URLS" };
        var noDemo = new Option<bool>("--no-demo") { Description = "a new database gets an empty default marketplace, no demo data" };
        var migrate = new Option<bool>("--migrate") { Description = "on PostgreSQL, apply pending migrations before serving (SQLite always does)" };
        var command = new Command("serve",
            "run the marketplace (the default command); also takes any setting as --Section:Key=value "
            + "(e.g. --Mercato:Demo:Vehicles=5000) and --environment ENV (default Production)")
        {
            urls, noDemo, migrate,
        };
        command.SetAction(async (result, _) =>
        {
            var settings = globals.Settings(result);
            if (result.GetValue(urls) is { } listen)
            {
                settings["urls"] = listen;
            }

            if (result.GetValue(noDemo))
            {
                settings["Mercato:Demo:Enabled"] = "false";
            }

            if (result.GetValue(migrate))
            {
                settings[$"{DatabaseOptions.Section}:AutoMigrate"] = "true";
            }

            // The host handles Ctrl+C and SIGTERM itself (graceful shutdown), not System.CommandLine's token.
            // Not disposed here: RunAsync disposes the host when it stops (and the test host owns it in tests).
            var app = MercatoApp.Build([.. configuration], settings);
            await MercatoApp.PrepareAsync(app, CancellationToken.None);
            await app.RunAsync();
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Takes the ASP.NET Core settings out of serve's arguments; System.CommandLine parses the rest.</summary>
    public static (string[] Arguments, string[] Configuration) SplitConfiguration(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (IsConfiguration(arg, name, equals))
            {
                configuration.Add(equals > 0 || i + 1 >= args.Count ? arg : $"{arg}={args[++i]}");
            }
            else
            {
                rest.Add(arg);
            }
        }

        return ([.. rest], [.. configuration]);
    }

    // "--Section:Key=value", a host option, or an empty section marker "--Section=" (the test host sends those).
    private static bool IsConfiguration(string arg, string name, int equals) =>
        arg.StartsWith("--", StringComparison.Ordinal)
        && (name.Contains(':', StringComparison.Ordinal)
            || HostOptions.Contains(name)
            || (equals == arg.Length - 1 && name.Length > 2 && char.IsUpper(name[2])));
}
