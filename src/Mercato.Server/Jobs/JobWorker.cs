using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

/// <summary>
/// Runs jobs on this node: one claim loop per queue keeps up to the queue's concurrency running, completions are
/// written in batches, and a heartbeat loop keeps this node alive, cancels jobs on request and rescues the jobs of
/// dead nodes. On shutdown it stops claiming, lets running jobs finish up to the deadline, then cancels and releases them.
/// </summary>
internal sealed partial class JobWorker(
    JobStore store,
    JobKindRegistry kinds,
    JobSignals signals,
    JobBudgets budgets,
    JobsMetrics metrics,
    IServiceScopeFactory scopes,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly ConcurrentDictionary<string, int> _busy = new(StringComparer.Ordinal);
    private readonly Channel<long> _completions = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>This process's name in <c>job_nodes</c> and in the <c>node</c> column of the jobs it runs.</summary>
    public string Node { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public int RunningCount => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunWorkers)
        {
            return;
        }

        await Task.Yield();
        using var heartbeatStop = new CancellationTokenSource();
        signals.CancelRequested += OnCancelRequested;
        try
        {
            while (!stoppingToken.IsCancellationRequested && !await TryAsync(() => store.HeartbeatAsync(Node, time.GetUtcNow()), "register node"))
            {
                await DelayAsync(settings.PollInterval, stoppingToken);
            }

            var heartbeat = HeartbeatLoopAsync(heartbeatStop.Token);
            var completer = CompleteLoopAsync();
            var loops = settings.QueueNames
                .Where(queue => settings.Queue(queue).Concurrency > 0)
                .Select(queue => QueueLoopAsync(queue, settings.Queue(queue), stoppingToken))
                .ToList();
            JobsLog.WorkerStarted(logger, Node, string.Join(", ", settings.QueueNames));
            await Task.WhenAll(loops);

            await ShutDownAsync(settings.ShutdownTimeout);
            _completions.Writer.TryComplete();
            await completer;
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await TryAsync(() => store.RemoveNodeAsync(Node), "remove node");
            JobsLog.WorkerStopped(logger, Node);
        }
        finally
        {
            signals.CancelRequested -= OnCancelRequested;
        }
    }

    private async Task QueueLoopAsync(string queue, QueueOptions queueOptions, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var fastRetries = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var armed = signals.Armed(queue);
            var want = Math.Min(queueOptions.Concurrency - Busy(queue), settings.ClaimBatch);
            var claimedAll = false;
            if (want > 0)
            {
                IReadOnlyList<ClaimedJob> claimed;
                try
                {
                    claimed = await store.ClaimAsync(queue, Node, want, queueOptions.GlobalLimit, time.GetUtcNow(), stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (DbException exception)
                {
                    JobsLog.ClaimFailed(logger, queue, exception);
                    await DelayAsync(settings.PollInterval, stoppingToken);
                    continue;
                }

                foreach (var job in claimed)
                {
                    Start(job);
                }

                claimedAll = claimed.Count == want;
                fastRetries = claimed.Count > 0 ? 0 : fastRetries;
            }
            else
            {
                fastRetries = 0; // every slot is busy; a finishing job wakes this loop
            }

            if (claimedAll)
            {
                continue; // there may be more
            }

            if (fastRetries > 0)
            {
                // SQLite wakes workers before the enqueuing transaction commits: look again shortly rather than a poll later.
                await DelayAsync(TimeSpan.FromMilliseconds(1 << (9 - fastRetries)), stoppingToken);
                fastRetries--;
                continue;
            }

            var delay = DelayAsync(settings.PollInterval, stoppingToken);
            var woke = await Task.WhenAny(armed, delay);
            // On PostgreSQL a wake-up comes from NOTIFY, sent after the commit; SQLite's in-process wake-up can come before
            // the enqueuer commits, so after one the worker looks again a few times quickly (above).
            if (woke == armed && !store.Database.IsPostgres)
            {
                fastRetries = 8;
            }
        }
    }

    private int Busy(string queue) => _busy.GetValueOrDefault(queue);

    private void Start(ClaimedJob job)
    {
        _busy.AddOrUpdate(job.Queue, 1, (_, n) => n + 1);
        var running = new RunningJob(job, new CancellationTokenSource(TimeSpan.FromMilliseconds(job.TimeoutMs), time));
        _running[job.Id] = running;
        _ = Task.Run(() => RunAsync(running));
    }

    private void OnCancelRequested(long id)
    {
        if (_running.TryGetValue(id, out var running))
        {
            running.Cancel(RunningJob.CancelledByRequest);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        var settings = options.Value;
        var interval = settings.RescueAfter / 6;
        while (!stop.IsCancellationRequested)
        {
            await DelayAsync(interval, stop);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var now = time.GetUtcNow();
            await TryAsync(() => store.HeartbeatAsync(Node, now), "heartbeat");
            await TryAsync(async () =>
            {
                foreach (var id in await store.CancelRequestsAsync(Node, stop))
                {
                    OnCancelRequested(id);
                }
            }, "read cancel requests");
            await TryAsync(async () =>
            {
                // A node is dead once it missed several heartbeats; its jobs are back in line well within RescueAfter.
                var rescued = await store.RescueAsync(now - (settings.RescueAfter * 2 / 3), now - settings.RescueAfter, now, stop);
                if (rescued.Count > 0)
                {
                    JobsLog.Rescued(logger, rescued.Count, string.Join(", ", rescued.Take(20)));
                    foreach (var queue in settings.QueueNames)
                    {
                        signals.Wake(queue);
                    }
                }
            }, "rescue");
        }
    }

    private async Task CompleteLoopAsync()
    {
        var batch = new List<long>(1024);
        while (await _completions.Reader.WaitToReadAsync())
        {
            while (batch.Count < 5000 && _completions.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            var ids = batch.ToArray();
            while (!await TryAsync(() => store.CompleteAsync(ids, Node, time.GetUtcNow()), "complete"))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time);
            }

            batch.Clear();
        }
    }

    private async Task ShutDownAsync(TimeSpan deadline)
    {
        var waited = await WaitForRunningAsync(deadline);
        if (waited)
        {
            return;
        }

        JobsLog.ShutdownDeadline(logger, _running.Count, deadline);
        foreach (var running in _running.Values)
        {
            running.Cancel(RunningJob.CancelledByShutdown);
        }

        if (!await WaitForRunningAsync(TimeSpan.FromSeconds(2)))
        {
            // Handlers that ignore cancellation: put their jobs back anyway; their late results are refused by the node guard.
            var ids = _running.Keys.ToArray();
            await TryAsync(() => store.DeferAsync(ids, Node, time.GetUtcNow()), "release");
        }
    }

    private async Task<bool> WaitForRunningAsync(TimeSpan limit)
    {
        var until = time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency);
        while (!_running.IsEmpty)
        {
            if (time.GetTimestamp() >= until)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time);
        }

        return true;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, time, cancellationToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private async Task<bool> TryAsync(Func<Task> action, string what)
    {
        try
        {
            await action();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (DbException exception)
        {
            JobsLog.DatabaseFailed(logger, what, exception);
            return false;
        }
    }
}
