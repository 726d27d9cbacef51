using System.Globalization;
using System.Text.Json;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Jobs;

/// <summary>A job to enqueue through the admin API; times in seconds.</summary>
internal sealed record EnqueueJobBody(
    string Kind, JsonElement? Payload, string? Queue, int? Priority, DateTimeOffset? RunAt, double? DelaySeconds,
    string? UniqueKey, double? UniqueWindowSeconds, int? MaxAttempts, double? TimeoutSeconds);

internal sealed record JobCreated(long Id, bool Duplicate);

internal sealed record JobStatsView(string Node, int RunningOnThisNode, IReadOnlyList<QueueStats> Queues);

internal static class JobsEndpoints
{
    private const int MaxPage = 500;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/admin/jobs").WithTags("Jobs (admin)").RequireJobsAdmin();
        api.MapGet("/", ListAsync)
            .WithSummary("List jobs")
            .WithDescription("Newest first; filters: queue, state (available, running, completed, discarded, cancelled), kind. Pass `next` as `before` for the next page. Shows this marketplace's jobs and system jobs. Requires the admin token.");
        api.MapGet("/stats", StatsAsync)
            .WithSummary("Counts per queue and state, queue lag and run times")
            .WithDescription("Per queue: jobs per state, how many are scheduled for later, the age of the oldest ready job, and run times of jobs completed in the last hour.");
        api.MapGet("/{id:long}", GetAsync).WithSummary("Get a job with the error of every failed attempt");
        api.MapPost("/", EnqueueAsync)
            .WithSummary("Enqueue a job")
            .WithDescription("For operators: the job runs for this marketplace. Unknown kinds, payloads that do not fit the kind, negative delays and unknown queues are refused.")
            .Accepts<EnqueueJobBody>("application/json");
        api.MapPost("/{id:long}/retry", RetryAsync).WithSummary("Run a job again now").WithDescription("A discarded, cancelled or completed job gets one more attempt; a waiting one runs now.");
        api.MapPost("/{id:long}/cancel", CancelAsync).WithSummary("Cancel a job").WithDescription("A waiting job is cancelled at once; a running one is asked to stop (cooperative), answering 202.");
        api.MapPost("/{id:long}/discard", DiscardAsync).WithSummary("Discard a waiting job");
        routes.MapJobsAdminPage();
        return routes;
    }

    private static async Task<Results<Ok<Page<JobView>>, ProblemHttpResult>> ListAsync(
        Tenant tenant, JobStore store, CancellationToken cancellationToken, string? queue = null, string? state = null, string? kind = null, long before = long.MaxValue, int limit = 50)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Problems.Field("limit", $"must be between 1 and {MaxPage}");
        }

        if (state is not null && !JobStates.All.Contains(state))
        {
            return Problems.Field("state", $"must be one of: {string.Join(", ", JobStates.All)}");
        }

        var items = await store.ListAsync(tenant.Id, queue, state, kind, before, limit, cancellationToken);
        var next = items.Count == limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<JobView>(items, next));
    }

    private static async Task<Ok<JobStatsView>> StatsAsync(Tenant tenant, JobStore store, JobWorker worker, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(new JobStatsView(worker.Node, worker.RunningCount, await store.StatsAsync(tenant.Id, time.GetUtcNow(), cancellationToken)));

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(long id, Tenant tenant, JobStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(tenant.Id, id, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"Job {id} does not exist.");

    private static async Task<Results<Created<JobCreated>, Ok<JobCreated>, ProblemHttpResult>> EnqueueAsync(
        HttpRequest http, Tenant tenant, JobClient client, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<EnqueueJobBody>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Kind))
        {
            return Problems.Field("kind", "is required");
        }

        if (body.DelaySeconds is < 0)
        {
            return Problems.Field("delaySeconds", "must not be negative");
        }

        try
        {
            var result = await client.EnqueueAsync(new JobRequest(body.Kind, body.Payload?.GetRawText() ?? "{}")
            {
                TenantId = tenant.Id,
                Queue = body.Queue,
                Priority = body.Priority ?? 0,
                RunAt = body.RunAt,
                Delay = body.DelaySeconds is { } delay ? TimeSpan.FromSeconds(delay) : null,
                UniqueKey = body.UniqueKey,
                UniqueWindow = body.UniqueWindowSeconds is { } window ? TimeSpan.FromSeconds(window) : null,
                MaxAttempts = body.MaxAttempts,
                Timeout = body.TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
            }, cancellationToken);
            var created = new JobCreated(result.Id, result.Duplicate);
            return result.Duplicate ? TypedResults.Ok(created) : TypedResults.Created($"/api/admin/jobs/{result.Id}", created);
        }
        catch (JobRequestException refused)
        {
            return Problems.Field(refused.Field, refused.Message);
        }
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> RetryAsync(long id, Tenant tenant, JobStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await AfterAsync(id, tenant, store, await store.RetryAsync(tenant.Id, id, time.GetUtcNow()), "retried", cancellationToken);

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> DiscardAsync(long id, Tenant tenant, JobStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await AfterAsync(id, tenant, store, await store.DiscardAsync(tenant.Id, id, time.GetUtcNow()), "discarded (cancel a running job instead)", cancellationToken);

    private static async Task<Results<Ok<JobView>, Accepted<JobView>, ProblemHttpResult>> CancelAsync(
        long id, Tenant tenant, JobStore store, JobSignals signals, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await store.CancelAsync(tenant.Id, id, time.GetUtcNow());
        if (outcome is { Before: JobStates.Running, Changed: true })
        {
            signals.RequestCancel(id); // this node at once; other nodes hear the NOTIFY or read the flag at their next heartbeat
            return TypedResults.Accepted($"/api/admin/jobs/{id}", (await store.FindAsync(tenant.Id, id, cancellationToken))!);
        }

        return await AfterAsync(id, tenant, store, outcome, "cancelled", cancellationToken) switch
        {
            { Result: Ok<JobView> ok } => ok,
            { Result: ProblemHttpResult failed } => failed,
            _ => throw new InvalidOperationException("unexpected result"),
        };
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> AfterAsync(
        long id, Tenant tenant, JobStore store, (string? Before, bool Changed) outcome, string verb, CancellationToken cancellationToken)
    {
        if (outcome.Before is null)
        {
            return Problems.NotFound($"Job {id} does not exist.");
        }

        if (!outcome.Changed)
        {
            return Problems.Conflict("Job state does not allow this", $"Job {id} is {outcome.Before} and cannot be {verb}.");
        }

        return TypedResults.Ok((await store.FindAsync(tenant.Id, id, cancellationToken))!);
    }
}
