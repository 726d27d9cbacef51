using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mercato.Server.Jobs;

/// <summary>
/// Run-time figures of this node's workers for a metrics endpoint (meter <c>Mercato.Jobs</c>): jobs started and
/// finished by queue, kind and outcome, how long they ran, and how late they started after they were due.
/// </summary>
internal sealed class JobsMetrics
{
    public const string MeterName = "Mercato.Jobs";

    private readonly Counter<long> _finished;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _lag;

    public JobsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _finished = meter.CreateCounter<long>("mercato.jobs.finished", "{job}", "Job runs finished on this node, by queue, kind and outcome.");
        _duration = meter.CreateHistogram<double>("mercato.jobs.duration", "s", "How long job runs took.");
        _lag = meter.CreateHistogram<double>("mercato.jobs.lag", "s", "Time from when a job was due to when it started.");
    }

    public void Started(ClaimedJob job, DateTimeOffset now) =>
        _lag.Record(Math.Max(0, (now - job.RunAt).TotalSeconds), new KeyValuePair<string, object?>("queue", job.Queue));

    public void Finished(ClaimedJob job, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "queue", job.Queue }, { "kind", job.Kind }, { "outcome", outcome } };
        _finished.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }
}
