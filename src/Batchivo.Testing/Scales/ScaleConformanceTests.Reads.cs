using System.Diagnostics;
using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Testing.Scales;

/// <summary>The conformance tests of reading: identity, units, conversion to grams, stability.</summary>
public abstract partial class ScaleConformanceTests
{
    /// <summary>The scale reports who it is.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task IdentityNamesTheDriver()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            Expect.NotNull(scale.Identity);
            Expect.False(string.IsNullOrWhiteSpace(scale.Identity.Driver), "IScale.Identity.Driver must name the driver.");
        }
    }

    /// <summary>A stable load is read with its value, unit, stability and a timestamp taken during the call.</summary>
    /// <param name="unit">The unit the device reports in.</param>
    /// <param name="value">The value presented, as text.</param>
    /// <returns>A task.</returns>
    [ConformanceCase(WeightUnit.Gram, "850.5")]
    [ConformanceCase(WeightUnit.Kilogram, "1.25")]
    [ConformanceCase(WeightUnit.Pound, "2.5")]
    [ConformanceCase(WeightUnit.Ounce, "12.5")]
    public async Task ReadsAStableWeightInEachUnit(WeightUnit unit, string value)
    {
        var expected = Number(value);
        await PresentAsync(expected, unit, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var before = Clock.GetUtcNow();
            var reading = await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            var after = Clock.GetUtcNow();

            Expect.Equal(unit, reading.Unit);
            Expect.Equal(expected, reading.Value);
            Expect.True(reading.IsStable, "A load the device reports as stable must read as stable.");
            Expect.InRange(reading.At, before - ClockTolerance, after + ClockTolerance);
        }
    }

    /// <summary>Readings convert to grams exactly: 1 kg = 1000 g, 1 lb = 453.59237 g, 1 oz = 28.349523125 g.</summary>
    /// <param name="unit">The unit the device reports in.</param>
    /// <param name="value">The value presented, as text.</param>
    /// <param name="grams">The exact grams expected, as text.</param>
    /// <returns>A task.</returns>
    [ConformanceCase(WeightUnit.Gram, "850.5", "850.5")]
    [ConformanceCase(WeightUnit.Kilogram, "1.25", "1250")]
    [ConformanceCase(WeightUnit.Pound, "2.5", "1133.980925")]
    [ConformanceCase(WeightUnit.Ounce, "12.5", "354.3690390625")]
    public async Task ConvertsReadingsToGramsExactly(WeightUnit unit, string value, string grams)
    {
        await PresentAsync(Number(value), unit, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Expect.Equal(Number(grams), reading.Mass.Grams);
        }
    }

    /// <summary>A load in motion reads as unstable, in its unit.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ReadsALoadInMotionAsUnstable()
    {
        await PresentAsync(640m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reading = await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Expect.False(reading.IsStable, "A load the device reports in motion must read as unstable.");
            Expect.Equal(WeightUnit.Gram, reading.Unit);
        }
    }

    /// <summary>A stable read of a stable load returns it.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ReadsAStableLoadWithinTheTimeout()
    {
        await PresentAsync(1012.5m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Expect.True(reading.IsStable);
            Expect.Equal(1012.5m, reading.Value);
            Expect.Equal(WeightUnit.Gram, reading.Unit);
        }
    }

    /// <summary>A stable read waits while the load is in motion and returns the load once it settles.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task StableReadWaitsForTheLoadToSettle()
    {
        await PresentAsync(700m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var read = ReadStable(scale, StableTimeout, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
            Expect.False(read.IsCompleted, "ReadStableAsync returned while the device still reported the load in motion.");
            await PresentAsync(725.5m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
            var reading = await Bounded(read, StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Expect.True(reading.IsStable);
            Expect.Equal(725.5m, reading.Value);
        }
    }

    /// <summary>A load that never settles gives <see cref="ScaleFault.NotStable"/>, not before the timeout and not long after it.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task StableReadOfALoadThatNeverSettlesFailsWithNotStable()
    {
        await PresentAsync(512m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var watch = Stopwatch.StartNew();
            var error = await Faulted(ReadStable(scale, NotStableTimeout, CancellationToken.None), NotStableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            watch.Stop();
            Expect.Equal(ScaleFault.NotStable, error.Fault);
            Expect.True(watch.Elapsed >= NotStableTimeout - TimeSpan.FromMilliseconds(50), $"ReadStableAsync gave up after {watch.Elapsed.TotalMilliseconds:0} ms, before its timeout of {NotStableTimeout.TotalMilliseconds:0} ms.");
            AssertMessage(error);
        }
    }
}
