using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mercato.Server.Infrastructure.Cli;

/// <summary>A Spectre.Console progress bar with rate and ETA on stderr (stdout stays clean for data, e.g. <c>generate --out -</c>).</summary>
internal sealed class TerminalProgressSink(TextWriter writer) : IProgressSink
{
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });

    public IAsyncDisposable Track(string name, string unit, long? total, Func<long> done) => new Tracker(_console, name, unit, total, done);

    private sealed class Tracker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _display;

        public Tracker(IAnsiConsole console, string name, string unit, long? total, Func<long> done)
        {
            var progress = console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new CountColumn(unit), new RateColumn(unit), new RemainingTimeColumn(), new ElapsedTimeColumn());
            _display = progress.StartAsync(async context =>
            {
                var task = context.AddTask(name, autoStart: true, maxValue: Math.Max(total ?? 1, 1));
                task.IsIndeterminate = total is null;
                while (!_stop.IsCancellationRequested)
                {
                    Update(task, done(), total);
                    try
                    {
                        await Task.Delay(100, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                var final = done();
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(final, 1);
                task.Value = final;
                task.StopTask();
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _display;
            _stop.Dispose();
        }

        private static void Update(ProgressTask task, long done, long? total)
        {
            // An estimated total may be passed; keep the bar honest rather than past 100 %.
            if (total is not null && done > task.MaxValue)
            {
                task.MaxValue = done;
            }

            task.Value = done;
        }
    }

    private sealed class CountColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0} {unit}"));
    }

    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0} {unit}/s") : "");
    }
}
