using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

internal sealed record FeedImportPayload(long TenantId, long ImportId);

/// <summary>
/// <c>feeds.import</c>: runs an import the API accepted. Fetches the URL first when there is one, then imports under
/// the import's lease. A retry after a crash resumes after the last committed batch (the record says where); an
/// import that failed for a reason a retry cannot fix (unreadable file, bad rows in all-or-nothing) ends the job.
/// </summary>
internal sealed class FeedImportJob(
    FeedImportStore store, FeedImporter importer, TenantStore tenants, Database database, DatabaseOptions databaseOptions,
    IOptions<FeedsOptions> options, ILogger<FeedImportJob> logger) : IJobHandler<FeedImportPayload>
{
    public const string Kind = "feeds.import";

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
        var file = record.StoredFile!;
        if (record.Options.Url is { } url && !File.Exists(file))
        {
            try
            {
                FeedFetcher.CheckUrl(url, out var uri);
                await FeedFetcher.FetchAsync(uri!, file, options.Value, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidDataException or TaskCanceledException or IOException
                                                  && !cancellationToken.IsCancellationRequested)
            {
                FeedsLog.FetchFailed(logger, exception, record.Id);
                File.Delete(file);
                await using var connection = await database.OpenAsync(cancellationToken);
                await store.FinishAsync(connection, tenant.Id, record.Id, FeedImportStatus.Failed, $"cannot fetch {url}: {exception.Message}", null, null);
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
}
