using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>Keeps every log line written through it (level and formatted message), for tests that check what was logged.</summary>
public sealed class LogCapture : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception)));

    public void Dispose()
    {
    }
}
