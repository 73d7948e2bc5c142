using Batchivo.Hosting.Diagnostics;
using Batchivo.Hosting.Printers;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Hosting.Health;

/// <summary>How long Batchivo's health checks wait, and what they are called (see <c>AddBatchivoChecks</c>).</summary>
public sealed class BatchivoHealthCheckOptions
{
    /// <summary>The store check's name: <c>batchivo-store</c>.</summary>
    public const string StoreCheckName = "batchivo-store";

    /// <summary>The scales check's name: <c>batchivo-scales</c>.</summary>
    public const string ScalesCheckName = "batchivo-scales";

    /// <summary>The printers check's name: <c>batchivo-printers</c>.</summary>
    public const string PrintersCheckName = "batchivo-printers";

    /// <summary>The tag every Batchivo check carries: <c>batchivo</c>.</summary>
    public const string Tag = "batchivo";

    /// <summary>How long the store may take to be created and to answer a read; longer is unhealthy.</summary>
    /// <value>Default: 5 s.</value>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long each scale may take to answer one reading (stable or not); longer counts as unreachable.</summary>
    /// <value>Default: 2 s. The scales are read one after the other, so the check takes at most this times the number of scales.</value>
    public TimeSpan ScaleTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True to read the configured scales; false leaves them out (a scale in use by a weighing waits for the check's read).</summary>
    /// <value>Default: true.</value>
    public bool CheckScales { get; set; } = true;
}

/// <summary>Whether the store can be created and read: unhealthy when it cannot, or takes longer than its time limit.</summary>
internal sealed class StoreHealthCheck(IServiceProvider services, BatchivoHealthCheckOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.StoreTimeout);
        try
        {
            // Created on a worker: a store's first creation (migrations, a network connection) may block.
            var read = Task.Run(
                async () =>
                {
                    var store = services.GetRequiredService<IProductionStore>();
                    return (store.GetType().Name, await store.LastChangeAsync(limit.Token).ConfigureAwait(false));
                },
                limit.Token);
            var (type, last) = await read.WaitAsync(limit.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The store ({type}) answers; last change {last}.", new Dictionary<string, object> { ["lastChange"] = last });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            HostingLog.HealthCheckTimedOut(Logger(), context.Registration.Name, "the store", options.StoreTimeout.TotalSeconds);
            return new HealthCheckResult(context.Registration.FailureStatus, $"The store gave no answer within {options.StoreTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Batchivo's store errors say what is wrong without the settings' secrets; other errors are named by type only.
            var why = ex is BatchivoException ? ex.Message : $"{ex.GetType().Name} while reading the store.";
            return new HealthCheckResult(context.Registration.FailureStatus, why, ex is BatchivoException ? null : ex);
        }
    }

    private ILogger Logger() => services.GetService<ILoggerFactory>()?.CreateLogger(HostingLog.Category) ?? NullLogger.Instance;
}

/// <summary>Whether every configured scale answers a reading within its time limit: degraded (the registration's failure status) when one does not.</summary>
internal sealed class ScalesHealthCheck(BatchivoDevices devices, BatchivoHealthCheckOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var names = devices.ScaleNames;
        if (names.Count == 0 || !options.CheckScales)
        {
            return HealthCheckResult.Healthy(names.Count == 0 ? "No scales are configured." : "Scales are not checked.");
        }

        var data = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        var unreachable = new List<string>();
        foreach (var name in names)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.ScaleTimeout);
            try
            {
                var scale = devices.GetScale(name);
                var reading = await scale.ReadAsync(limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
                data[name] = reading.IsStable ? "stable" : "unstable";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                data[name] = "timeout";
                unreachable.Add($"{name} gave no reading within {options.ScaleTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                data[name] = "fault";
                unreachable.Add(ex is BatchivoException ? $"{name}: {ex.Message}" : $"{name}: {ex.GetType().Name}");
            }
        }

        return unreachable.Count == 0
            ? HealthCheckResult.Healthy($"{names.Count} scale(s) answer.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"{unreachable.Count} of {names.Count} scale(s) unreachable: {string.Join("; ", unreachable)}.", null, data);
    }
}

/// <summary>
/// What the printer tracker last knew of each printer it watches: degraded (the registration's failure status) when one
/// is unreachable (its connection failed or was lost), healthy when the tracker is not running.
/// </summary>
internal sealed class PrintersHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<PrinterTracker>() is not { } tracker)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Printers are not tracked (no AddBatchivoPrinterTracking)."));
        }

        var states = tracker.States;
        var data = states.ToDictionary(s => s.Printer, s => (object)s.Link.ToString(), StringComparer.OrdinalIgnoreCase);
        var down = states.Where(s => s.Link == PrinterLink.Reconnecting).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy($"{states.Count(s => s.Link == PrinterLink.Watching)} of {states.Count} printer(s) watched; none unreachable.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"{down.Count} of {states.Count} printer(s) unreachable: {string.Join("; ", down.Select(s => s.LastError ?? s.Printer))}", null, data));
    }
}
