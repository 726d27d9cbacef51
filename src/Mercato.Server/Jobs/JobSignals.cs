using System.Collections.Concurrent;
using Mercato.Server.Infrastructure;
using Npgsql;

namespace Mercato.Server.Jobs;

/// <summary>Wakes the idle workers of a queue (new job, freed slot) and tells running jobs they were cancelled.</summary>
internal sealed class JobSignals
{
    private readonly ConcurrentDictionary<string, Signal> _queues = new(StringComparer.Ordinal);

    public event Action<long>? CancelRequested;

    public void Wake(string queue) => Get(queue).Set();

    public void RequestCancel(long id) => CancelRequested?.Invoke(id);

    /// <summary>Arms the queue's signal; call before looking for work so a wake-up that comes meanwhile is not lost.</summary>
    public Task Armed(string queue) => Get(queue).Arm();

    private Signal Get(string queue) => _queues.GetOrAdd(queue, _ => new Signal());

    private sealed class Signal
    {
        private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Set() => Volatile.Read(ref _source).TrySetResult();

        public Task Arm()
        {
            var current = Volatile.Read(ref _source);
            if (current.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
            }

            return Volatile.Read(ref _source).Task;
        }
    }
}

/// <summary>
/// PostgreSQL only: LISTENs on a dedicated connection and turns NOTIFYs into wake-ups, so idle workers start new jobs
/// within milliseconds of the enqueuing commit on any node. Polling remains the fallback while it reconnects.
/// </summary>
internal sealed class JobListener(Database database, JobSignals signals, ILogger<JobListener> logger, TimeProvider time) : BackgroundService
{
    public const string CancelChannel = "mercato_jobs_cancel";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == CancelChannel)
                    {
                        if (long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var id))
                        {
                            signals.RequestCancel(id);
                        }
                    }
                    else
                    {
                        signals.Wake(e.Payload);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {JobClient.Channel}; LISTEN {CancelChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                JobsLog.Listening(logger);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                JobsLog.ListenerFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
