using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Hosting.Diagnostics;

/// <summary>
/// Logs what the host loaded and refused, once per service provider: plugins load while services are composed, before
/// any logger exists, so their messages wait for the first of the host's start (<see cref="IHostedService"/>) or the
/// store's creation.
/// </summary>
internal sealed class StartupLog(PluginDiagnostics diagnostics, ILoggerFactory? loggers) : IHostedService
{
    private int _logged;

    public ILogger Logger { get; } = loggers?.CreateLogger(HostingLog.Category) ?? NullLogger.Instance;

    public void LogPluginsOnce()
    {
        if (Interlocked.Exchange(ref _logged, 1) == 1)
        {
            return;
        }

        foreach (var p in diagnostics.Loaded)
        {
            HostingLog.PluginLoaded(Logger, p.Name, p.Version, p.ContractVersion, p.File ?? "code", (long)p.LoadTime.TotalMilliseconds, p.Provides.Count == 0 ? "nothing" : string.Join(", ", p.Provides));
        }

        foreach (var p in diagnostics.Refused)
        {
            HostingLog.PluginRefused(Logger, p.Name, p.Reason, p.File, p.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogPluginsOnce();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
