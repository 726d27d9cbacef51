using Mercato.Server.Accounts;
using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.Feeds;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Outbound;
using Mercato.Server.Jobs;
using Mercato.Server.Moderation;
using Mercato.Server.Orders;
using Mercato.Server.Pages.Admin;
using Mercato.Server.Pages.Dashboard;
using Mercato.Server.Pages.Shop;
using Mercato.Server.Pages.Storefront;
using Mercato.Server.ReferenceData;
using Mercato.Server.Search;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Mercato.Server.Host;

/// <summary>Builds the web application: services of every feature, the middleware pipeline and every route table.</summary>
internal static class MercatoApp
{
    public const string DefaultUrls = "http://localhost:5080";

    /// <param name="args">Host arguments (configuration on the command line).</param>
    /// <param name="settings">Configuration that overrides appsettings.</param>
    /// <param name="configure">Extra services, registered last; benchmarks use it to add an <see cref="IStartupFilter"/> around the pipeline.</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddInMemoryCollection(settings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        // Request-by-request framework logs drown what operators need; raise them with Logging:LogLevel settings.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // A start that fails (a port in use) is the operator's to fix: the CLI says why in one line, without the
        // stack trace this category logs as an error. A background service that stops the host still logs (critical).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DatabaseOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new Database(sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<Migrator>();
        services.AddSingleton<ChangeLog>();
        services.AddSingleton<IVerticalSetup, VerticalCategories>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<CategoryStore>();
        services.AddSingleton<SellerStore>();
        services.AddSingleton<ListingStore>();
        services.AddSingleton<ModerationStore>();
        services.AddReferenceData();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DemoOrders>();
        services.AddSingleton<DemoSeeder>();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SearchIndexes>();
        services.AddHostedService<SearchIndexFollower>();
        services.AddOutboundHttp();
        services.AddJobs(builder.Configuration);
        services.AddFeeds();

        services.AddAccounts();
        services.AddOrders();
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddResponseCompression(options => options.EnableForHttps = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseBusyHandler>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Mercato API";
            document.Info.Description = "Listings, categories and sellers of the marketplace the request's host serves. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.ConfigureHttpJsonOptions(options => JsonDefaults.Configure(options.SerializerOptions));
        configure?.Invoke(services);

        var app = builder.Build();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Mercato API");
            options.RoutePrefix = "docs";
            options.DocumentTitle = "Mercato API";
        });
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseAccounts();
        app.UseAntiforgery();
        app.MapTenancyEndpoints();
        app.MapCatalogEndpoints();
        app.MapSellerEndpoints(create => create.RequireAdministrator());
        app.MapSearchEndpoints();
        app.MapStorefrontEndpoints();
        app.MapAccountEndpoints();
        app.MapInvitationEndpoints();
        app.MapShopEndpoints();
        app.MapDashboardEndpoints();
        app.MapModerationEndpoints();
        app.MapAdminEndpoints();
        app.MapJobEndpoints();
        app.MapFeedEndpoints();
        app.MapOrdersEndpoints();
        return app;
    }

    /// <summary>
    /// Before serving: the reference data (read once, its sources logged), the schema (SQLite migrates by itself;
    /// PostgreSQL only when told to, and otherwise refuses to start on an old schema), the default tenant, and the demo
    /// data on a new database.
    /// </summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var services = app.Services;
        _ = services.GetRequiredService<ReferenceDataSet>();
        var database = services.GetRequiredService<Database>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var migrator = services.GetRequiredService<Migrator>();
        var logger = services.GetRequiredService<ILogger<Migrator>>();
        var applied = await migrator.EnsureCurrentAsync(options.AutoMigrate, cancellationToken);
        InfrastructureLog.Migrated(logger, applied, migrator.LatestVersion, database.Description);
        await services.GetRequiredService<DemoSeeder>().EnsureDefaultTenantAsync(cancellationToken);
    }
}
