using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

internal static class FeedsEndpoints
{
    private const int MaxPage = 200;

    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddOptions<FeedsOptions>().BindConfiguration(FeedsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FeedImportStore>();
        services.AddSingleton<FeedImporter>();
        services.AddSingleton<FeedFetcher>();
        services.AddHttpClient(FeedFetcher.ClientName);
        services.AddHostedService<FeedImportRecovery>();
        services.AddJobHandler<FeedImportPayload, FeedImportJob>(FeedImportJob.Kind, kind =>
        {
            kind.Queue = FeedImportJob.Queue;
            kind.Timeout = TimeSpan.FromHours(6);
            kind.MaxAttempts = 5;
        });

        // Imports get a queue of their own, so ten slow ones cannot hold every worker of the default queue.
        services.AddOptions<JobsOptions>().Configure<IOptions<FeedsOptions>>((jobs, feeds) =>
            jobs.Queues.TryAdd(FeedImportJob.Queue, new QueueOptions { Concurrency = feeds.Value.ImportWorkers }));
        return services;
    }

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        var imports = routes.MapGroup("/api/feeds/imports").WithTags("Feeds");
        imports.MapPost("/", CreateImport.HandleAsync)
            .WithSummary("Import a feed")
            .WithDescription("multipart/form-data with `file` (CSV or JSON Lines) or `url` (http/https, fetched by the job; private addresses refused), "
                + "and optional `seller` (external id), `mapping` (JSON), `dryRun`, `fullSync`, `force`, `allOrNothing`. Answers 202 with the import; "
                + "it runs as the job `feeds.import` on the `imports` queue; 429 when the seller already has `MaxActiveImportsPerSeller` imports queued or running. Without `seller` rows name their dealer and new dealers are created: administrators only.")
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()); // the upload is capped by Mercato:Feeds:MaxUploadBytes while it streams
        imports.MapGet("/", ListAsync).WithSummary("List imports").WithDescription("Newest first; pass `next` as `before`. Sellers see their own imports.");
        imports.MapGet("/{id:long}", GetAsync)
            .WithSummary("Status and progress of an import")
            .WithDescription("Counts and `committedLine` move with every committed batch; `status` is queued, running, interrupted (its process died; it resumes by itself), completed, completed_with_errors or failed.");
        imports.MapGet("/{id:long}/report.csv", ReportCsvAsync).WithSummary("The import's report as CSV (line, field, value, reason)");
        imports.MapGet("/{id:long}/report.json", ReportJsonAsync).WithSummary("The import with its report as JSON");
        routes.MapPut("/api/feeds/mappings/{sellerId:long}", SaveMappingAsync)
            .WithTags("Feeds")
            .WithSummary("Save a seller's column mapping")
            .WithDescription("Used by that seller's later imports that bring no mapping: {\"columns\": {\"Kilometerstand\": \"mileage\", \"Notes\": null}, \"units\": {...}, \"category\": \"vehicles\", \"currency\": \"EUR\"}.")
            .Accepts<Dictionary<string, object>>("application/json");
        return routes;
    }

    private static async Task<Results<Ok<Page<FeedImport>>, ProblemHttpResult>> ListAsync(
        Tenant tenant, Caller caller, FeedImportStore store, CancellationToken cancellationToken, long before = long.MaxValue, int limit = 50)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        if (limit is < 1 or > MaxPage)
        {
            return Problems.Field("limit", $"must be between 1 and {MaxPage}");
        }

        var items = await store.ListAsync(tenant.Id, before, limit, null, cancellationToken);
        var visible = caller.IsAdmin ? items : [.. items.Where(i => i.SellerId is { } s && caller.CanManage(s))];
        var next = items.Count == limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<FeedImport>(visible, next));
    }

    private static async Task<Results<Ok<FeedImport>, ProblemHttpResult>> GetAsync(long id, Tenant tenant, Caller caller, FeedImportStore store, CancellationToken cancellationToken)
    {
        var (record, problem) = await FindAsync(id, tenant, caller, store, cancellationToken);
        return record is null ? problem! : TypedResults.Ok(record);
    }

    private static async Task<IResult> ReportCsvAsync(long id, HttpContext http, Tenant tenant, Caller caller, FeedImportStore store, CancellationToken cancellationToken)
    {
        var (record, problem) = await FindAsync(id, tenant, caller, store, cancellationToken);
        if (record is null)
        {
            return problem!;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-report.csv\"";
        await FeedReport.WriteCsvAsync(http.Response.Body, store.IssuesAsync(tenant.Id, id, cancellationToken), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<IResult> ReportJsonAsync(long id, HttpContext http, Tenant tenant, Caller caller, FeedImportStore store, CancellationToken cancellationToken)
    {
        var (record, problem) = await FindAsync(id, tenant, caller, store, cancellationToken);
        if (record is null)
        {
            return problem!;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await FeedReport.WriteJsonAsync(http.Response.Body, record, store.IssuesAsync(tenant.Id, id, cancellationToken), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SaveMappingAsync(
        long sellerId, HttpRequest http, Tenant tenant, Caller caller, FeedImportStore store, CancellationToken cancellationToken)
    {
        if (!caller.CanManage(sellerId))
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        using var reader = new StreamReader(http.Body);
        var mapping = FeedMapping.Parse(await reader.ReadToEndAsync(cancellationToken), out var error);
        if (mapping is null)
        {
            return Problems.Field("body", error!);
        }

        await using (var connection = await store.Database.OpenAsync(cancellationToken))
        {
            if (await SellerStore.FindAsync(connection, null, tenant.Id, sellerId) is null)
            {
                return Problems.NotFound($"Seller {sellerId} does not exist.");
            }
        }

        await store.SaveMappingAsync(tenant.Id, sellerId, mapping, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<(FeedImport? Record, ProblemHttpResult? Problem)> FindAsync(
        long id, Tenant tenant, Caller caller, FeedImportStore store, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return (null, Access.Unauthenticated());
        }

        var record = await store.FindAsync(tenant.Id, id, cancellationToken);
        // Another seller's import is "not found", not "forbidden": its existence is not theirs to know.
        return record is null || !(caller.IsAdmin || (record.SellerId is { } s && caller.CanManage(s)))
            ? (null, Problems.NotFound($"Import {id} does not exist."))
            : (record, null);
    }
}
