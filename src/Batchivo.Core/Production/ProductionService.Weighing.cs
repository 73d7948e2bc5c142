using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

// Weighing a run's spools before and after printing: typed in, or read from a scale until stable.
public sealed partial class ProductionService
{
    /// <summary>Records a spool's weight before printing; the spool's ledger gets the weighing in the same transaction.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordWeightBeforeAsync(int runNumber, string spoolCode, Mass gross, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        if (run.Status == RunStatus.Draft)
        {
            // Only a draft can take a weight before; any other status is refused by the run itself (RunStateException).
            await RequireIdleAsync(spool, "weighed for another run", cancellationToken).ConfigureAwait(false);
        }

        run.RecordWeightBefore(spool, gross, Now);
        await CommitAsync(new ChangeSet().Put(run).Put(spool), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Records a spool's weight before printing from a scale: reads a stable weight within <paramref name="timeout"/>
    /// and records it as <see cref="RecordWeightBeforeAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighBeforeAsync(runNumber, spoolCode, scale, timeout, null, cancellationToken);

    /// <summary>
    /// Records a spool's weight before printing from a scale, reporting every reading until one is stable (for a host
    /// that shows the weight live), then records it as <see cref="RecordWeightBeforeAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading, on the caller's flow, as it is read; null reads through the
    /// driver's own stable read (<see cref="IScale.ReadStableAsync"/>) instead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => scale, timeout, progress, before: true, cancellationToken).ConfigureAwait(false);
        return await RecordWeightBeforeAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a spool's weight before printing from a named scale of the host, e.g. <c>WeighBeforeAsync(1, "PLA-001", "bench", TimeSpan.FromSeconds(10), cancellationToken)</c> (see <see cref="WeighBeforeAsync(int, string, IScale, TimeSpan, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighBeforeAsync(runNumber, spoolCode, scaleName, timeout, null, cancellationToken);

    /// <summary>Records a spool's weight before printing from a named scale of the host, reporting every reading until one is stable (see <see cref="WeighBeforeAsync(int, string, IScale, TimeSpan, IProgress{ScaleReading}, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading as it is read; null uses the driver's own stable read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => Scale(scaleName), timeout, progress, before: true, cancellationToken).ConfigureAwait(false);
        return await RecordWeightBeforeAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a spool's weight after printing.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordWeightAfterAsync(int runNumber, string spoolCode, Mass gross, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.RecordWeightAfter(spool.Id, gross);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Records a spool's weight after printing from a scale: reads a stable weight within <paramref name="timeout"/>
    /// and records it as <see cref="RecordWeightAfterAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighAfterAsync(runNumber, spoolCode, scale, timeout, null, cancellationToken);

    /// <summary>
    /// Records a spool's weight after printing from a scale, reporting every reading until one is stable (for a host
    /// that shows the weight live), then records it as <see cref="RecordWeightAfterAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading, on the caller's flow, as it is read; null reads through the
    /// driver's own stable read (<see cref="IScale.ReadStableAsync"/>) instead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => scale, timeout, progress, before: false, cancellationToken).ConfigureAwait(false);
        return await RecordWeightAfterAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a spool's weight after printing from a named scale of the host, e.g. <c>WeighAfterAsync(1, "PLA-001", "bench", TimeSpan.FromSeconds(10), cancellationToken)</c> (see <see cref="WeighAfterAsync(int, string, IScale, TimeSpan, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighAfterAsync(runNumber, spoolCode, scaleName, timeout, null, cancellationToken);

    /// <summary>Records a spool's weight after printing from a named scale of the host, reporting every reading until one is stable (see <see cref="WeighAfterAsync(int, string, IScale, TimeSpan, IProgress{ScaleReading}, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading as it is read; null uses the driver's own stable read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => Scale(scaleName), timeout, progress, before: false, cancellationToken).ConfigureAwait(false);
        return await RecordWeightAfterAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
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
    private async Task<Mass> ReadStableGrossAsync(int runNumber, string spoolCode, Func<IScale> open, TimeSpan timeout, IProgress<ScaleReading>? progress, bool before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        // The run's state decides before the device is touched: a draft cannot take a weight after (nor a started run a
        // weight before), whether or not the scale is plugged in.
        var when = before ? "before" : "after";
        run.CheckWeighable(spool, before);
        if (before)
        {
            await RequireIdleAsync(spool, "weighed for another run", cancellationToken).ConfigureAwait(false);
        }

        var scale = open();
        var reading = progress is null
            ? await scale.ReadStableAsync(timeout, cancellationToken).ConfigureAwait(false)
            : await ReadUntilStableAsync(scale, timeout, progress, when, spool.Code, runNumber, cancellationToken).ConfigureAwait(false);
        if (!reading.IsStable)
        {
            throw new ScaleException(
                ScaleFault.NotStable,
                $"Scale {scale.Identity.Port ?? scale.Identity.Driver} gave an unstable reading ({reading.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {WeightUnits.Symbol(reading.Unit)}) for the weight {when} of spool {spool.Code} in run #{runNumber}; nothing was recorded. Keep the spool still, wait for the scale to settle and weigh again.");
        }

        return reading.Mass;
    }

    // Reads again and again, reporting each reading, until one is stable. Device time is wall-clock time (the spool
    // settles in the real world), not the service's clock, which tests and replays may hold still.
    private static Task<ScaleReading> ReadUntilStableAsync(IScale scale, TimeSpan timeout, IProgress<ScaleReading> progress, string when, string spoolCode, int runNumber, CancellationToken cancellationToken) =>
        scale.ReadUntilStableAsync(timeout, ScalePollInterval, TimeProvider.System, progress, last => new ScaleException(
            ScaleFault.NotStable,
            $"Scale {scale.Identity.Port ?? scale.Identity.Driver} did not settle within {timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s for the weight {when} of spool {spoolCode} in run #{runNumber} (last reading {(last is null ? "none" : last.Mass.ToString())}); nothing was recorded. Keep the spool still and weigh again, or allow the scale longer to settle."), cancellationToken);
}
