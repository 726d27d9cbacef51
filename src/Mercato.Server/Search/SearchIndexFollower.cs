using Microsoft.Extensions.Options;

namespace Mercato.Server.Search;

/// <summary>Builds the indexes once the node starts, then follows the change log until the node stops.</summary>
internal sealed class SearchIndexFollower(SearchIndexes indexes, IOptions<SearchOptions> options, TimeProvider time, ILogger<SearchIndexFollower> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await indexes.BuildAllAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var interval = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Keep reading while a batch comes back full; sleep only when caught up.
                while (await indexes.CatchUpAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }

                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                SearchLog.FollowFailed(logger, exception);
                await Task.Delay(interval * 10, time, stoppingToken);
            }
        }
    }
}
