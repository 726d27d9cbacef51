using Mercato.Server.Infrastructure;

namespace Mercato.Server.Jobs;

/// <summary>A host with the database and the job system only (no web server), for worker processes and the benchmark.</summary>
internal static class JobsHost
{
    public static IHost Build(IDictionary<string, string?> settings, LogLevel logLevel, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(logLevel);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DatabaseOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new Database(sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<Migrator>();
        services.AddJobs(builder.Configuration);
        configure?.Invoke(services);
        return builder.Build();
    }
}
