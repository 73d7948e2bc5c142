using System.Collections.Concurrent;
using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Printers.PrusaLink;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.Tests;

/// <summary>What the PrusaLink tests share: connecting to the emulator, reading events with a bound, waiting for polls.</summary>
internal static class PrusaLinkTesting
{
    public const string Password = "emulated-password";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>A connector to the emulator with digest credentials (the emulator's unless given), polling every 100 ms.</summary>
    public static PrusaLinkConnector Connect(Uri url, string? user = "maker", string? password = Password, string? apiKey = null, Dictionary<string, string?>? settings = null, ILoggerFactory? loggers = null)
    {
        settings ??= [];
        settings["Url"] = url.ToString();
        settings.TryAdd("PollInterval", "00:00:00.1");
        // Generous on a busy machine (the default is 10 s): a slow answer is not what these tests check.
        settings.TryAdd("RequestTimeout", "00:00:45");
        if (user is not null)
        {
            settings["User"] = user;
        }

        if (password is not null)
        {
            settings["Password"] = password;
        }

        if (apiKey is not null)
        {
            settings["ApiKey"] = apiKey;
        }

        return PrusaLinkPrinterPlugin.Create(new PrinterConnectionSettings("Mk4", "prusalink", PluginSettings.Of(settings)), loggers);
    }

    /// <summary>The job id the connector streams for an emulated job: PrusaLink's id and the file's modification time.</summary>
    public static string Key(PrusaLinkEmulatedJob job) => $"{job.Id}@{job.FileTimestamp}";

    /// <summary>Starts reading the first event (which polls), waits until the printer was polled, then starts a job and returns its start.</summary>
    public static async Task<PrinterJobEvent> StartWhenWatchedAsync(PrusaLinkEmulator printer, IAsyncEnumerator<PrinterJobEvent> events, string file, System.Text.Json.Nodes.JsonObject? meta = null, bool withMeta = true)
    {
        var first = events.MoveNextAsync().AsTask();
        await PolledAsync(printer, first);
        var job = printer.StartJob(file, meta, withMeta);
        Assert.True(await first);
        Assert.Equal(Key(job), events.Current.JobId);
        return events.Current;
    }

    /// <summary>Waits until the printer answered <paramref name="polls"/> more status polls (or <paramref name="stop"/> ended).</summary>
    public static async Task PolledAsync(PrusaLinkEmulator printer, Task? stop = null, int polls = 1)
    {
        var target = printer.StatusPolls + polls;
        using var bound = new CancellationTokenSource(Bound);
        while (printer.StatusPolls < target && stop?.IsCompleted != true)
        {
            await Task.Delay(20, bound.Token);
        }
    }

    /// <summary>
    /// The next event, reading it while the steps run: each waits for some polls of the printer, then changes it. The
    /// stream polls only while an event is awaited, so the steps run with the read pending; an event that comes before
    /// the steps are done (a duplicate) is the one returned.
    /// </summary>
    public static async Task<PrinterJobEvent> NextAfterPollsAsync(PrusaLinkEmulator printer, IAsyncEnumerator<PrinterJobEvent> events, params (int Polls, Action Then)[] steps)
    {
        var next = events.MoveNextAsync().AsTask();
        foreach (var (polls, then) in steps)
        {
            await PolledAsync(printer, next, polls);
            if (next.IsCompleted)
            {
                break;
            }

            then();
        }

        Assert.True(await next, "The stream ended.");
        return events.Current;
    }

    public static async Task<PrinterJobEvent> NextAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool>? match = null)
    {
        while (await events.MoveNextAsync())
        {
            if (match is null || match(events.Current))
            {
                return events.Current;
            }
        }

        throw new Xunit.Sdk.XunitException("The stream ended.");
    }

    /// <summary>Log lines kept in memory.</summary>
    internal sealed class ListLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
