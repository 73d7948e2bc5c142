using Microsoft.Extensions.Configuration;

namespace Batchivo.Devices;

/// <summary>What a printer is doing, as its connector reports it.</summary>
public enum PrinterActivity
{
    /// <summary>Unknown or unreachable.</summary>
    Offline,

    /// <summary>Ready, not printing.</summary>
    Idle,

    /// <summary>Printing a job.</summary>
    Printing,

    /// <summary>A job is paused.</summary>
    Paused,

    /// <summary>The last job finished.</summary>
    Finished,

    /// <summary>The printer reports an error.</summary>
    Error,
}

/// <summary>The job a printer is running or last ran.</summary>
/// <param name="FileName">The job's file.</param>
/// <param name="Progress">0..1.</param>
/// <param name="Elapsed">Time printed so far.</param>
/// <param name="Remaining">Time left, if known.</param>
/// <param name="FilamentUsed">Filament used so far, if known.</param>
/// <param name="JobId">The printer's own id of the job, when it gives one.</param>
public sealed record PrinterJob(string FileName, decimal Progress, TimeSpan Elapsed, TimeSpan? Remaining, Mass? FilamentUsed, string? JobId = null);

/// <summary>A printer's status.</summary>
/// <param name="Activity">What it is doing.</param>
/// <param name="Job">The current or last job, if any.</param>
/// <param name="At">When it was read.</param>
public sealed record PrinterStatus(PrinterActivity Activity, PrinterJob? Job, DateTimeOffset At);

/// <summary>A printer's connection settings, from configuration.</summary>
/// <param name="PrinterName">The printer in the catalog.</param>
/// <param name="Connector">The connector name.</param>
/// <param name="Settings">Connector settings (address, key...), keys case-insensitive; bind them to the connector's options with <see cref="Plugins.PluginSettings.Bind"/>.</param>
/// <param name="TrustedForUsage">True when the printer's reported filament is trusted as the usage (a shop without a scale): finished jobs then complete their runs.</param>
public sealed record PrinterConnectionSettings(string PrinterName, string Connector, IConfiguration Settings, bool TrustedForUsage = false);

/// <summary>What happened to a printer's job.</summary>
public enum PrinterJobEventKind
{
    /// <summary>The job started (or was found running).</summary>
    Started,

    /// <summary>The job advanced.</summary>
    Progress,

    /// <summary>The job was paused.</summary>
    Paused,

    /// <summary>The job was resumed.</summary>
    Resumed,

    /// <summary>The job ended as planned.</summary>
    Finished,

    /// <summary>The job ended in an error.</summary>
    Failed,

    /// <summary>Someone cancelled the job.</summary>
    Cancelled,
}

/// <summary>One thing that happened to a printer's job. A connector may send the same event again (after a reconnect, from history): consumers are idempotent on <see cref="JobId"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="JobId">The printer's own id of the job (Moonraker's <c>job_id</c>, OctoPrint's file and start time...): the same job always has the same id.</param>
/// <param name="FileName">The job's file.</param>
/// <param name="At">When it happened, by the printer's clock where it says.</param>
/// <param name="Progress">0..1, when known.</param>
/// <param name="Estimate">The slicer's estimates for the job, when the printer knows them.</param>
/// <param name="FilamentUsed">The filament the printer reports as used so far, when it reports it.</param>
/// <param name="Detail">The printer's words about it (an error message, a cancel reason), if any.</param>
/// <param name="FromHistory">True when the event was read from the printer's history (a job that ran while nobody was watching), not seen live.</param>
public sealed record PrinterJobEvent(
    PrinterJobEventKind Kind,
    string JobId,
    string FileName,
    DateTimeOffset At,
    decimal? Progress = null,
    SlicedJob? Estimate = null,
    Mass? FilamentUsed = null,
    string? Detail = null,
    bool FromHistory = false)
{
    /// <summary>True for <see cref="PrinterJobEventKind.Finished"/>, <see cref="PrinterJobEventKind.Failed"/> and <see cref="PrinterJobEventKind.Cancelled"/>.</summary>
    public bool IsEnd => Kind is PrinterJobEventKind.Finished or PrinterJobEventKind.Failed or PrinterJobEventKind.Cancelled;
}

/// <summary>What went wrong talking to a printer.</summary>
public enum PrinterFault
{
    /// <summary>The printer cannot be reached (offline, refused, timed out, the connection dropped).</summary>
    Unreachable,

    /// <summary>The printer refused the credentials (key, password, access code).</summary>
    Unauthorized,

    /// <summary>The printer's certificate is not the one expected.</summary>
    Certificate,

    /// <summary>The printer sent something that does not follow its protocol (malformed or oversized).</summary>
    Protocol,
}

/// <summary>A printer could not be talked to. The message names the printer and says what to do; it never holds a secret.</summary>
public sealed class PrinterException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="fault">What went wrong.</param>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PrinterException(PrinterFault fault, string message, Exception? innerException = null)
        : base(message, innerException) => Fault = fault;

    /// <summary>What went wrong.</summary>
    public PrinterFault Fault { get; }

    /// <summary>True when trying again later may help (unreachable, protocol); false when only a change of settings will (credentials, certificate).</summary>
    public bool Transient => Fault is PrinterFault.Unreachable or PrinterFault.Protocol;
}

/// <summary>
/// Talks to one printer: its status, and its jobs as a stream of events, so a host can start and close runs from real
/// jobs. A connector holds no retry loop: the host reconnects with back-off and calls <see cref="WatchAsync"/> again.
/// </summary>
public interface IPrinterConnector : IAsyncDisposable
{
    /// <summary>Reads the printer's status.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="PrinterException">The printer cannot be reached or refused the call.</exception>
    Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Connects once and streams the printer's job events until the connection ends. First come the events of jobs that
    /// ended or started after <paramref name="since"/> (from the printer's history where it keeps one, else from its
    /// current state), then the live events. The stream ends or throws <see cref="PrinterException"/> when the
    /// connection is lost; the caller reconnects.
    /// </summary>
    /// <param name="since">The last time the caller saw an event from this printer, or null on a first start.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The events.</returns>
    /// <exception cref="PrinterException">The printer cannot be reached, refused the credentials, or broke its protocol.</exception>
    IAsyncEnumerable<PrinterJobEvent> WatchAsync(DateTimeOffset? since, CancellationToken cancellationToken = default);
}

/// <summary>A printer connection's setting is missing or wrong. The message names the printer and the setting, never a secret's value.</summary>
public sealed class PrinterSettingsException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="printer">The printer.</param>
    /// <param name="key">The setting.</param>
    /// <param name="problem">What is wrong and what to give.</param>
    public PrinterSettingsException(string printer, string key, string problem)
        : base($"Printer {printer}, setting {key}: {problem}")
    {
        Printer = printer;
        Key = key;
    }

    /// <summary>The printer.</summary>
    public string Printer { get; }

    /// <summary>The setting.</summary>
    public string Key { get; }
}
