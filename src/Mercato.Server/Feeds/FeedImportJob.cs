using System.Globalization;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Feeds;

internal sealed record FeedImportPayload(long TenantId, long ImportId);

/// <summary>
/// <c>feeds.import</c>, on the <c>imports</c> queue so long imports never starve the default queue (mail and the
/// rest): runs an import the API accepted. Fetches the URL first when there is one (any failure there fails the import
/// with the reason), then imports under the import's lease. A retry after a crash resumes after the last committed
/// batch (the record says where); an import that failed for a reason a retry cannot fix (unreadable file, bad rows in
/// all-or-nothing) ends the job, and so does the last attempt, which marks the import failed instead of leaving it open.
/// </summary>
internal sealed class FeedImportJob(
    FeedImportStore store, FeedImporter importer, FeedFetcher fetcher, TenantStore tenants, Database database, DatabaseOptions databaseOptions,
    ILogger<FeedImportJob> logger) : IJobHandler<FeedImportPayload>
{
    public const string Kind = "feeds.import";
    public const string Queue = "imports";

    /// <summary>One live job per import: the API's, or the one that resumes an interrupted import.</summary>
    public static string UniqueKey(long importId) => string.Create(CultureInfo.InvariantCulture, $"feeds.import:{importId}");

    public static JobRequest Request(long tenantId, long importId) =>
        new(Kind, System.Text.Json.JsonSerializer.Serialize(new FeedImportPayload(tenantId, importId), JsonDefaults.Options))
        {
            TenantId = tenantId,
            UniqueKey = UniqueKey(importId),
        };

    public async Task HandleAsync(FeedImportPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(payload.TenantId, payload.ImportId, cancellationToken);
        if (record is null || FeedImportStatus.IsFinished(record.Status))
        {
            return;
        }

        var tenant = (await tenants.ListAsync(cancellationToken)).FirstOrDefault(t => t.Id == payload.TenantId);
        if (tenant is null)
        {
            return;
        }

        await using var lease = await FeedImportLease.TryTakeAsync(database, databaseOptions, record.Id, cancellationToken)
            ?? throw new InvalidOperationException($"import {record.Id} is running elsewhere");
        try
        {
            await RunAsync(tenant, record, cancellationToken);
        }
        catch (Exception exception) when (context.Attempt >= context.MaxAttempts && !cancellationToken.IsCancellationRequested)
        {
            // The job system gives up after this; the import must not stay queued or running for ever.
            File.Delete(record.StoredFile!);
            await FailAsync(tenant.Id, record, string.Create(CultureInfo.InvariantCulture, $"stopped after {context.Attempt} attempts: {exception.Message}"));
            throw;
        }
    }

    private async Task RunAsync(Tenant tenant, FeedImport record, CancellationToken cancellationToken)
    {
        var file = record.StoredFile!;
        if (record.Options.Url is { } url && !File.Exists(file))
        {
            try
            {
                FeedFetcher.CheckUrl(url, out var uri);
                await fetcher.FetchAsync(uri!, file, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Whatever went wrong (refused address or scheme, HTTP error, timeout, too slow, too big), the seller sees why.
                FeedsLog.FetchFailed(logger, exception, record.Id);
                File.Delete(file);
                await FailAsync(tenant.Id, record, $"cannot fetch {url}: {FeedFetcher.Reason(exception)}");
                return;
            }
        }

        if (record.CommittedLine > 0)
        {
            FeedsLog.Resuming(logger, record.Id, tenant.Slug, record.CommittedLine);
        }

        var finished = await importer.RunAsync(tenant, record, file, new FeedProgress(), cancellationToken);
        if (FeedImportStatus.IsFinished(finished.Status))
        {
            File.Delete(file);
        }
    }

    private async Task FailAsync(long tenantId, FeedImport record, string reason)
    {
        await using var connection = await database.OpenAsync();
        await store.FinishAsync(connection, tenantId, record.Id, FeedImportStatus.Failed, reason, null, null);
    }
}
