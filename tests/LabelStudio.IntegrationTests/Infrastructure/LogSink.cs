using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>Keeps what the app logs (at the factory's level, Warning and above), so a test can check what was written.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) sink.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
        }
    }
}
