using System.Globalization;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary>
/// Where a long operation (import, generate, migrate, a benchmark's phases) shows how far it is. The operation
/// keeps its own counter; the sink reads it through <c>done</c> on its own clock, so the hot loop pays nothing.
/// </summary>
internal interface IProgressSink
{
    /// <summary>Starts showing <paramref name="name"/>; disposing the result shows the final count and stops.</summary>
    /// <param name="total">How many units there will be (an estimate is fine), or null when unknown (no ETA then).</param>
    IAsyncDisposable Track(string name, string unit, long? total, Func<long> done);
}

/// <summary>Picks the sink: bars on a terminal, plain periodic lines when stderr is redirected or NO_COLOR is set.</summary>
internal static class ProgressSinks
{
    public static IProgressSink Create(bool quiet = false)
    {
        if (quiet)
        {
            return NullProgressSink.Instance;
        }

        return IsTerminal() ? new TerminalProgressSink(Console.Error) : new PlainProgressSink(Console.Error, PlainInterval());
    }

    /// <summary>How often plain lines are written: <c>MERCATO_PROGRESS_SECONDS</c> (0.1 to 3600), else every 2 s.</summary>
    public const string IntervalVariable = "MERCATO_PROGRESS_SECONDS";

    private static TimeSpan PlainInterval() =>
        double.TryParse(Environment.GetEnvironmentVariable(IntervalVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= 0.1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(2);

    private static bool IsTerminal() =>
        !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}

internal sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();

    public IAsyncDisposable Track(string name, string unit, long? total, Func<long> done) => Nothing.Instance;

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Lines such as <c>import: 120,000 rows, 41,000 rows/s, eta 52 s</c> every interval, then a final one: fit for logs and CI.</summary>
internal sealed class PlainProgressSink(TextWriter writer, TimeSpan interval) : IProgressSink
{
    public IAsyncDisposable Track(string name, string unit, long? total, Func<long> done) => new Tracker(writer, interval, name, unit, total, done);

    internal static string Line(string name, string unit, long? total, long done, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var eta = total is { } all && rate > 0 && all > done ? string.Create(CultureInfo.InvariantCulture, $", eta {Math.Ceiling((all - done) / rate):N0} s") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{name}: {done:N0} {unit}, {rate:N0} {unit}/s{eta}");
    }

    private sealed class Tracker : IAsyncDisposable
    {
        private readonly TextWriter _writer;
        private readonly string _name;
        private readonly string _unit;
        private readonly long? _total;
        private readonly Func<long> _done;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Timer _timer;
        private readonly Lock _gate = new();

        public Tracker(TextWriter writer, TimeSpan interval, string name, string unit, long? total, Func<long> done)
        {
            (_writer, _name, _unit, _total, _done) = (writer, name, unit, total, done);
            _timer = new Timer(_ => Write(Line(_name, _unit, _total, _done(), _clock.Elapsed)), null, interval, interval);
        }

        public async ValueTask DisposeAsync()
        {
            await _timer.DisposeAsync();
            var done = _done();
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            Write(string.Create(CultureInfo.InvariantCulture, $"{_name}: {done:N0} {_unit} in {seconds:F1} s, {done / seconds:N0} {_unit}/s"));
        }

        private void Write(string line)
        {
            lock (_gate)
            {
                _writer.WriteLine(line);
            }
        }
    }
}

/// <summary>
/// Progress of work a server does by itself (the search index build at start): the same lines as
/// <see cref="PlainProgressSink"/>, written to the log every interval (default 5 s) and once at the end.
/// </summary>
internal sealed class LogProgressSink(ILogger logger, TimeSpan interval) : IProgressSink
{
    public IAsyncDisposable Track(string name, string unit, long? total, Func<long> done) => new Tracker(logger, interval, name, unit, total, done);

    private sealed class Tracker : IAsyncDisposable
    {
        private readonly ILogger _logger;
        private readonly string _name;
        private readonly string _unit;
        private readonly long? _total;
        private readonly Func<long> _done;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Timer _timer;

        public Tracker(ILogger logger, TimeSpan interval, string name, string unit, long? total, Func<long> done)
        {
            (_logger, _name, _unit, _total, _done) = (logger, name, unit, total, done);
            _timer = new Timer(_ => InfrastructureLog.Progress(_logger, PlainProgressSink.Line(_name, _unit, _total, _done(), _clock.Elapsed)), null, interval, interval);
        }

        public async ValueTask DisposeAsync()
        {
            await _timer.DisposeAsync();
            var done = _done();
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            InfrastructureLog.Progress(_logger, string.Create(CultureInfo.InvariantCulture, $"{_name}: {done:N0} {_unit} in {seconds:F1} s, {done / seconds:N0} {_unit}/s"));
        }
    }
}
