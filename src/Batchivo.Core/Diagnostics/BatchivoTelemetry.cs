using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Batchivo.Diagnostics;

/// <summary>
/// The names under which Batchivo reports what it does: one <see cref="Meter"/> and one <see cref="ActivitySource"/>,
/// both named <see cref="MeterName"/> (<c>Batchivo</c>), so that
/// <c>services.AddOpenTelemetry().WithMetrics(m => m.AddMeter("Batchivo")).WithTracing(t => t.AddSource("Batchivo"))</c>
/// collects everything. The instruments follow OpenTelemetry's naming (lower case, dotted, units in UCUM).
/// </summary>
/// <remarks>
/// The meter and the source are process-wide (as EF Core's and Npgsql's are): every host, store and service of the
/// process reports through them; tags tell printers, scales and plugins apart. Nothing is measured while nobody listens.
/// </remarks>
public static class BatchivoTelemetry
{
    /// <summary>The meter's name: <c>Batchivo</c>.</summary>
    public const string MeterName = "Batchivo";

    /// <summary>The activity source's name: <c>Batchivo</c>.</summary>
    public const string ActivitySourceName = "Batchivo";

    /// <summary>Counter <c>batchivo.runs.started</c> ({run}), tag <c>batchivo.printer</c>: runs that went to in progress.</summary>
    public const string RunsStarted = "batchivo.runs.started";

    /// <summary>Counter <c>batchivo.runs.completed</c> ({run}), tag <c>batchivo.printer</c>: runs completed.</summary>
    public const string RunsCompleted = "batchivo.runs.completed";

    /// <summary>Counter <c>batchivo.runs.failed</c> ({run}), tag <c>batchivo.printer</c>: runs failed (the whole plate).</summary>
    public const string RunsFailed = "batchivo.runs.failed";

    /// <summary>Counter <c>batchivo.runs.cancelled</c> ({run}), tag <c>batchivo.printer</c>: runs cancelled.</summary>
    public const string RunsCancelled = "batchivo.runs.cancelled";

    /// <summary>
    /// Counter <c>batchivo.filament.used</c> (g), tags <c>batchivo.printer</c>, <c>batchivo.material</c> and
    /// <c>batchivo.run.outcome</c> (completed, failed, cancelled): the weighed usage of a run's spools when it ends.
    /// </summary>
    public const string FilamentUsed = "batchivo.filament.used";

    /// <summary>
    /// Histogram <c>batchivo.runs.variance</c> (%), tag <c>batchivo.printer</c>: a completed run's material variance in
    /// percent of its estimate (positive: more than estimated).
    /// </summary>
    public const string RunVariance = "batchivo.runs.variance";

    /// <summary>
    /// Histogram <c>batchivo.scale.read.duration</c> (s), tags <c>batchivo.scale</c> (the configured name, else the
    /// port or driver), <c>batchivo.scale.driver</c> and <c>batchivo.scale.outcome</c> (stable, fault): how long a
    /// weighing waited for a stable reading.
    /// </summary>
    public const string ScaleReadDuration = "batchivo.scale.read.duration";

    /// <summary>Counter <c>batchivo.scale.faults</c> ({fault}), tags <c>batchivo.scale</c>, <c>batchivo.scale.driver</c> and <c>batchivo.scale.fault</c> (the <see cref="Devices.ScaleFault"/>, e.g. NotStable, Overload).</summary>
    public const string ScaleFaults = "batchivo.scale.faults";

    /// <summary>
    /// Histogram <c>batchivo.store.commit.duration</c> (s), tag <c>batchivo.store.outcome</c> (committed, conflict,
    /// duplicate_key, error): how long <see cref="Storage.IProductionStore.CommitAsync"/> took.
    /// </summary>
    public const string StoreCommitDuration = "batchivo.store.commit.duration";

    /// <summary>Counter <c>batchivo.store.conflicts</c> ({conflict}), tag <c>batchivo.entity</c>: commits refused on a concurrency conflict.</summary>
    public const string StoreConflicts = "batchivo.store.conflicts";

    /// <summary>Counter <c>batchivo.store.conflict.retries</c> ({retry}), tag <c>batchivo.error</c>: writes tried again by the conflict retry pipeline of Batchivo.Hosting.</summary>
    public const string StoreConflictRetries = "batchivo.store.conflict.retries";

    /// <summary>
    /// Histogram <c>batchivo.plugin.load.duration</c> (s), tags <c>batchivo.plugin</c> and <c>batchivo.plugin.outcome</c>
    /// (loaded, refused): how long checking, loading, creating and registering a plugin took.
    /// </summary>
    public const string PluginLoadDuration = "batchivo.plugin.load.duration";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(BatchivoTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Meter Meter = new(MeterName, typeof(BatchivoTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Counter<long> RunsStartedCounter = Meter.CreateCounter<long>(RunsStarted, "{run}", "Runs that went to in progress.");

    internal static readonly Counter<long> RunsCompletedCounter = Meter.CreateCounter<long>(RunsCompleted, "{run}", "Runs completed.");

    internal static readonly Counter<long> RunsFailedCounter = Meter.CreateCounter<long>(RunsFailed, "{run}", "Runs failed.");

    internal static readonly Counter<long> RunsCancelledCounter = Meter.CreateCounter<long>(RunsCancelled, "{run}", "Runs cancelled.");

    internal static readonly Counter<double> FilamentUsedCounter = Meter.CreateCounter<double>(FilamentUsed, "g", "Filament used by runs that ended (weighed).");

    internal static readonly Histogram<double> RunVarianceHistogram = Meter.CreateHistogram<double>(RunVariance, "%", "Material variance of completed runs, in percent of the estimate.");

    internal static readonly Histogram<double> ScaleReadDurationHistogram = Meter.CreateHistogram<double>(ScaleReadDuration, "s", "Time a weighing waited for a stable reading.");

    internal static readonly Counter<long> ScaleFaultsCounter = Meter.CreateCounter<long>(ScaleFaults, "{fault}", "Scale faults.");

    internal static readonly Histogram<double> StoreCommitDurationHistogram = Meter.CreateHistogram<double>(StoreCommitDuration, "s", "Duration of store commits.");

    internal static readonly Counter<long> StoreConflictsCounter = Meter.CreateCounter<long>(StoreConflicts, "{conflict}", "Commits refused on a concurrency conflict.");

    /// <summary>Records a write tried again after a conflict (the conflict retry pipeline of Batchivo.Hosting calls it).</summary>
    /// <param name="error">The error that caused the retry (its type name is the <c>batchivo.error</c> tag).</param>
    public static void RecordConflictRetry(Exception? error) =>
        StoreConflictRetriesCounter.Add(1, new KeyValuePair<string, object?>("batchivo.error", error?.GetType().Name ?? "none"));

    /// <summary>Records how long loading a plugin took (Batchivo.Hosting calls it).</summary>
    /// <param name="plugin">The plugin's name.</param>
    /// <param name="loaded">True when it was loaded, false when refused.</param>
    /// <param name="duration">How long it took.</param>
    public static void RecordPluginLoad(string plugin, bool loaded, TimeSpan duration) =>
        PluginLoadDurationHistogram.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("batchivo.plugin", plugin),
            new KeyValuePair<string, object?>("batchivo.plugin.outcome", loaded ? "loaded" : "refused"));

    internal static readonly Counter<long> StoreConflictRetriesCounter = Meter.CreateCounter<long>(StoreConflictRetries, "{retry}", "Writes tried again after a concurrency conflict.");

    internal static readonly Histogram<double> PluginLoadDurationHistogram = Meter.CreateHistogram<double>(PluginLoadDuration, "s", "Time to check, load, create and register a plugin.");
}
