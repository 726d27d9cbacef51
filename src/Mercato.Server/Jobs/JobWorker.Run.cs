using System.Data.Common;

namespace Mercato.Server.Jobs;

internal sealed partial class JobWorker
{
    private const int MaxErrorLength = 4000;

    private async Task RunAsync(RunningJob running)
    {
        var job = running.Job;
        var started = time.GetTimestamp();
        var outcome = "completed";
        try
        {
            metrics.Started(job, time.GetUtcNow());
            outcome = await ExecuteAsync(running);
        }
        catch (DbException exception)
        {
            // The job stays running in the database; the stuck-job rescue puts it back after its timeout.
            outcome = "error";
            JobsLog.DatabaseFailed(logger, $"finish job {job.Id}", exception);
        }
        finally
        {
            metrics.Finished(job, outcome, time.GetElapsedTime(started));
            _running.TryRemove(job.Id, out _);
            running.Dispose();
            _busy.AddOrUpdate(job.Queue, 0, (_, n) => n - 1);
            signals.Wake(job.Queue);
        }
    }

    private async Task<string> ExecuteAsync(RunningJob running)
    {
        var job = running.Job;
        var kind = kinds.Find(job.Kind);
        if (kind is null)
        {
            // Maybe enqueued by a newer version of the program: retry, so a node that knows the kind can run it.
            await FailAsync(job, "failed", $"this node does not know job kind '{job.Kind}'");
            return "failed";
        }

        if (job.BudgetKey is { } budgetKey && job.BudgetUnits is { } units)
        {
            var colon = budgetKey.IndexOf(':', StringComparison.Ordinal);
            var decision = await budgets.TryTakeAsync(budgetKey[..colon], budgetKey[(colon + 1)..], units, running.Token);
            if (!decision.Granted)
            {
                JobsLog.DeferredForBudget(logger, job.Id, budgetKey, decision.ResetsAt);
                await store.DeferAsync([job.Id], Node, decision.ResetsAt);
                return "deferred";
            }
        }

        var context = new JobContext(job.Id, job.Kind, job.Queue, job.TenantId, job.Attempt, job.MaxAttempts);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await kind.Run(scope.ServiceProvider, job.Payload, context, running.Token);
            }
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            switch (running.Reason)
            {
                case RunningJob.CancelledByRequest:
                    await store.MarkCancelledAsync(job.Id, Node, time.GetUtcNow());
                    return "cancelled";
                case RunningJob.CancelledByShutdown:
                    await store.DeferAsync([job.Id], Node, time.GetUtcNow());
                    return "released";
                default:
                    await FailAsync(job, "timed_out", $"timed out after {TimeSpan.FromMilliseconds(job.TimeoutMs)}");
                    return "timed_out";
            }
        }
        catch (Exception exception)
        {
            await FailAsync(job, "failed", Describe(exception));
            return "failed";
        }

        if (context.DeferredUntil is { } until)
        {
            await store.DeferAsync([job.Id], Node, until);
            return "deferred";
        }

        _completions.Writer.TryWrite(job.Id);
        return "completed";
    }

    private async Task FailAsync(ClaimedJob job, string outcome, string error)
    {
        var now = time.GetUtcNow();
        var last = job.Attempt >= job.MaxAttempts;
        var retryAt = last ? (DateTimeOffset?)null : now + Backoff(job.Attempt, options.Value);
        await store.FailAsync(job, Node, outcome, error, retryAt, JobStates.Discarded, now);
        if (last)
        {
            JobsLog.Discarded(logger, job.Id, job.Kind, job.Attempt, error);
        }
        else
        {
            JobsLog.Retrying(logger, job.Id, job.Kind, job.Attempt, retryAt!.Value, error);
        }
    }

    /// <summary>The wait before retry n (n = the attempt that just failed): base × 2^(n-1), capped, plus random jitter.</summary>
    public static TimeSpan Backoff(int attempt, JobsOptions settings)
    {
        var exponent = Math.Min(attempt - 1, 40);
        var delay = Math.Min(settings.BackoffBase.TotalMilliseconds * Math.Pow(2, exponent), settings.BackoffMax.TotalMilliseconds);
#pragma warning disable CA5394 // jitter spreads retries; it needs no cryptographic randomness
        var jitter = delay * settings.BackoffJitter * Random.Shared.NextDouble();
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(delay + jitter);
    }

    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    private sealed class RunningJob(ClaimedJob job, CancellationTokenSource source) : IDisposable
    {
        public const string CancelledByRequest = "request";
        public const string CancelledByShutdown = "shutdown";

        private string? _reason;

        public ClaimedJob Job { get; } = job;

        public CancellationToken Token { get; } = source.Token;

        /// <summary>Null when the token fired because the job's timeout ran out.</summary>
        public string? Reason => Volatile.Read(ref _reason);

        public void Cancel(string reason)
        {
            Interlocked.CompareExchange(ref _reason, reason, null);
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // finished meanwhile
            }
        }

        public void Dispose() => source.Dispose();
    }
}
