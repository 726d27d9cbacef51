namespace Mercato.Server.Infrastructure.Cli;

internal static class ServeCommand
{
    /// <summary>ASP.NET Core host settings passed through to the host as they are (the test host sets these too).</summary>
    public static readonly string[] HostOptions = ["--environment", "--contentRoot", "--applicationName"];

    public static async Task<int> RunAsync(CliArguments args)
    {
        var settings = args.DatabaseSettings();
        if (args.Value("--urls") is { } urls)
        {
            settings["urls"] = urls;
        }

        if (args.Has("--no-demo"))
        {
            settings["Mercato:Demo:Enabled"] = "false";
        }

        if (args.Has("--migrate"))
        {
            settings[$"{DatabaseOptions.Section}:AutoMigrate"] = "true";
        }

        // Not disposed here: RunAsync disposes the host when it stops (and the test host owns it in tests).
        var app = MercatoApp.Build([.. args.Configuration], settings);
        await MercatoApp.PrepareAsync(app);
        await app.RunAsync();
        return 0;
    }
}
