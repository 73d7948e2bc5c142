using Batchivo.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>
/// Weighing a run's spools before and after printing: typed in, or read from a scale until stable. The spool's
/// ledger gets a weight before in the same transaction as the run.
/// </summary>
/// <remarks>Thread-safe as long as the store is: it keeps no state between calls.</remarks>
public sealed class WeighingService
{
    /// <summary>The pause between readings while a scale settles, when every reading is reported.</summary>
    private static readonly TimeSpan ScalePollInterval = TimeSpan.FromMilliseconds(100);

    private readonly StoreAccess _s;
    private readonly IScaleDirectory? _scales;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="scales">The host's named scales, for <see cref="ScaleSource.Named"/> (in a host built with <c>AddBatchivo</c>, its <c>BatchivoDevices</c>); none when null.</param>
    /// <param name="subscribers">Told the events of each commit (see <see cref="IBatchivoEventSubscriber"/>); none when null.</param>
    /// <param name="loggerFactory">Where run transitions, scale faults and failing subscribers are logged; nowhere when null.</param>
    public WeighingService(IProductionStore store, TimeProvider? time = null, IScaleDirectory? scales = null, IEnumerable<IBatchivoEventSubscriber>? subscribers = null, ILoggerFactory? loggerFactory = null)
    {
        _s = new StoreAccess(store, time, subscribers, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<WeighingService>());
        _scales = scales;
    }

    /// <summary>Records a spool's weight before printing; the spool's ledger gets the weighing in the same transaction.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordWeightBeforeAsync(RunRef runNumber, string spoolCode, Mass gross, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("WeighingService.RecordWeightBefore", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        if (run.Status == RunStatus.Draft)
        {
            // Only a draft can take a weight before; any other status is refused by the run itself (RunStateException).
            await _s.RequireIdleAsync(spool, "weighed for another run", cancellationToken).ConfigureAwait(false);
        }

        run.RecordWeightBefore(spool, gross, _s.Now);
        await _s.CommitAsync(new ChangeSet().Put(run).Put(spool), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Records a spool's weight after printing.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordWeightAfterAsync(RunRef runNumber, string spoolCode, Mass gross, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("WeighingService.RecordWeightAfter", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.RecordWeightAfter(spool.Id, gross);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Records a spool's weight before or after printing from a scale: checks the run and spool first (the scale is
    /// not touched when the run cannot take the weight), reads until the reading is stable, then records it as
    /// <see cref="RecordWeightBeforeAsync"/> or <see cref="RecordWeightAfterAsync"/> does. An unstable reading is never stored.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="point">Before or after printing.</param>
    /// <param name="source">Which scale, how long it may take to settle, and who sees the readings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or a named scale when the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighAsync(RunRef runNumber, string spoolCode, WeighingPoint point, ScaleSource source, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("WeighingService.Weigh", runNumber);
        ArgumentNullException.ThrowIfNull(source);
        var before = point == WeighingPoint.Before;
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => source.Scale ?? Scale(source.ScaleName!), source.ScaleName, source.Timeout, source.Progress, before, cancellationToken).ConfigureAwait(false);
        return before
            ? await RecordWeightBeforeAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false)
            : await RecordWeightAfterAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    private IScale Scale(string scaleName)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        return _scales is null ? throw new NotFoundException("scale", scaleName) : _scales.GetScale(scaleName);
    }

    // Checks the run and spool exist, and that the run takes this weight now, before anyone waits on the scale (a named
    // scale is opened only then), then insists
    // on a stable reading: a driver that hands back an unstable one is refused here as well, so an unsettled weight is
    // never stored.
    private async Task<Mass> ReadStableGrossAsync(RunRef runNumber, string spoolCode, Func<IScale> open, string? scaleName, TimeSpan timeout, IProgress<ScaleReading>? progress, bool before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        // The run's state decides before the device is touched: a draft cannot take a weight after (nor a started run a
        // weight before), whether or not the scale is plugged in.
        var when = before ? "before" : "after";
        run.CheckWeighable(spool, before);
        if (before)
        {
            await _s.RequireIdleAsync(spool, "weighed for another run", cancellationToken).ConfigureAwait(false);
        }

        var scale = open();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        ScaleReading reading;
        try
        {
            reading = progress is null
                ? await scale.ReadStableAsync(timeout, cancellationToken).ConfigureAwait(false)
                : await ReadUntilStableAsync(scale, timeout, progress, when, spool.Code, runNumber, cancellationToken).ConfigureAwait(false);
        }
        catch (ScaleException fault)
        {
            Faulted(scale, scaleName, fault, started);
            throw;
        }

        if (!reading.IsStable)
        {
            var unstable = new ScaleException(
                ScaleFault.NotStable,
                $"Scale {scale.Identity.Port ?? scale.Identity.Driver} gave an unstable reading ({reading.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {WeightUnits.Symbol(reading.Unit)}) for the weight {when} of spool {spool.Code} in run #{runNumber}; nothing was recorded. Keep the spool still, wait for the scale to settle and weigh again.");
            Faulted(scale, scaleName, unstable, started);
            throw unstable;
        }

        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var name = scaleName ?? scale.Identity.Port ?? scale.Identity.Driver;
        BatchivoTelemetry.ScaleReadDurationHistogram.Record(seconds, new("batchivo.scale", name), new("batchivo.scale.driver", scale.Identity.Driver), new("batchivo.scale.outcome", "stable"));
        CoreLog.ScaleRead(_s.Logger, name, scale.Identity.Driver, (double)reading.Mass.Grams, seconds);
        return reading.Mass;
    }

    // A fault is measured and logged where the service reads the scale, whichever driver it came from.
    private void Faulted(IScale scale, string? scaleName, ScaleException fault, long started)
    {
        var name = scaleName ?? scale.Identity.Port ?? scale.Identity.Driver;
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        BatchivoTelemetry.ScaleReadDurationHistogram.Record(seconds, new("batchivo.scale", name), new("batchivo.scale.driver", scale.Identity.Driver), new("batchivo.scale.outcome", "fault"));
        BatchivoTelemetry.ScaleFaultsCounter.Add(1, new("batchivo.scale", name), new("batchivo.scale.driver", scale.Identity.Driver), new("batchivo.scale.fault", fault.Fault.ToString()));
        CoreLog.ScaleFault(_s.Logger, name, scale.Identity.Driver, fault.Fault, fault.Message);
    }

    // Reads again and again, reporting each reading, until one is stable. Device time is wall-clock time (the spool
    // settles in the real world), not the service's clock, which tests and replays may hold still.
    private static Task<ScaleReading> ReadUntilStableAsync(IScale scale, TimeSpan timeout, IProgress<ScaleReading> progress, string when, string spoolCode, RunRef runNumber, CancellationToken cancellationToken) =>
        scale.ReadUntilStableAsync(timeout, ScalePollInterval, TimeProvider.System, progress, last => new ScaleException(
            ScaleFault.NotStable,
            $"Scale {scale.Identity.Port ?? scale.Identity.Driver} did not settle within {timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s for the weight {when} of spool {spoolCode} in run #{runNumber} (last reading {(last is null ? "none" : last.Mass.ToString())}); nothing was recorded. Keep the spool still and weigh again, or allow the scale longer to settle."), cancellationToken);
}

/// <summary>When a spool is weighed in a run.</summary>
public enum WeighingPoint
{
    /// <summary>Before printing (a draft run).</summary>
    Before,

    /// <summary>After printing (a run in progress or finished).</summary>
    After,
}

/// <summary>
/// The scale a weighing reads, how long the reading may take to settle, and who sees the readings on the way, e.g.
/// <c>ScaleSource.Named("bench", TimeSpan.FromSeconds(10))</c>.
/// </summary>
public sealed record ScaleSource
{
    /// <summary>The default <see cref="Timeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private ScaleSource(IScale? scale, string? scaleName, TimeSpan? timeout, IProgress<ScaleReading>? progress)
    {
        var wait = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(timeout));
        Scale = scale;
        ScaleName = scaleName;
        Timeout = wait;
        Progress = progress;
    }

    /// <summary>The scale itself, or null for <see cref="ScaleName"/>.</summary>
    public IScale? Scale { get; }

    /// <summary>The name of one of the host's scales (its <see cref="IScaleDirectory"/>), or null for <see cref="Scale"/>.</summary>
    public string? ScaleName { get; }

    /// <summary>How long to wait for the reading to settle (wall-clock time).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Receives each reading, on the caller's flow, until one is stable (for a host that shows the weight live); null
    /// reads through the driver's own stable read (<see cref="IScale.ReadStableAsync"/>).
    /// </summary>
    public IProgress<ScaleReading>? Progress { get; }

    /// <summary>A scale the caller holds.</summary>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="progress">Receives each reading; see <see cref="Progress"/>.</param>
    /// <returns>The source.</returns>
    public static ScaleSource Of(IScale scale, TimeSpan? timeout = null, IProgress<ScaleReading>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return new ScaleSource(scale, null, timeout, progress);
    }

    /// <summary>One of the host's named scales, e.g. bench (opened only once the run and spool are checked).</summary>
    /// <param name="scaleName">The scale's name in the host's configuration.</param>
    /// <param name="timeout">How long to wait for the reading to settle; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="progress">Receives each reading; see <see cref="Progress"/>.</param>
    /// <returns>The source.</returns>
    public static ScaleSource Named(string scaleName, TimeSpan? timeout = null, IProgress<ScaleReading>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        return new ScaleSource(null, scaleName, timeout, progress);
    }
}
