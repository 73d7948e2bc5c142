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
public sealed record PrinterJob(string FileName, decimal Progress, TimeSpan Elapsed, TimeSpan? Remaining, Mass? FilamentUsed);

/// <summary>A printer's status.</summary>
/// <param name="Activity">What it is doing.</param>
/// <param name="Job">The current or last job, if any.</param>
/// <param name="At">When it was read.</param>
public sealed record PrinterStatus(PrinterActivity Activity, PrinterJob? Job, DateTimeOffset At);

/// <summary>A printer's connection settings, from configuration.</summary>
/// <param name="PrinterName">The printer in the catalog.</param>
/// <param name="Connector">The connector name.</param>
/// <param name="Settings">Connector settings (address, key...), keys case-insensitive; bind them to the connector's options with <see cref="Plugins.PluginSettings.Bind"/>.</param>
public sealed record PrinterConnectionSettings(string PrinterName, string Connector, IConfiguration Settings);

/// <summary>Reads a printer's state and current job, so a host can start and close runs from real jobs.</summary>
public interface IPrinterConnector : IAsyncDisposable
{
    /// <summary>Reads the printer's status.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
