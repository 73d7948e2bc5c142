using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Testing.Scales;

/// <summary>The conformance tests of tare, zero and the device faults: overload, underload, unplugged, silent.</summary>
public abstract partial class ScaleConformanceTests
{
    /// <summary>Where the scale says it can tare, taring makes the load in place read zero; where not, tare fails with <see cref="ScaleFault.NotSupported"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task TaresWhereItCanElseSaysNotSupported()
    {
        await PresentAsync(250m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            if (scale.Capabilities.HasFlag(ScaleCapabilities.Tare))
            {
                await Bounded(Tare(scale, CancellationToken.None), ReplyAllowance, "TareAsync").ConfigureAwait(false);
                var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
                Expect.Equal(0m, reading.Mass.Grams);
            }
            else
            {
                var error = await Faulted(Tare(scale, CancellationToken.None), ReplyAllowance, "TareAsync").ConfigureAwait(false);
                Expect.Equal(ScaleFault.NotSupported, error.Fault);
                AssertMessage(error);
            }
        }
    }

    /// <summary>Where the scale says it can zero, zeroing makes a small load in place read zero; where not, zero fails with <see cref="ScaleFault.NotSupported"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ZeroesWhereItCanElseSaysNotSupported()
    {
        await PresentAsync(2m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            if (scale.Capabilities.HasFlag(ScaleCapabilities.Zero))
            {
                await Bounded(Zero(scale, CancellationToken.None), ReplyAllowance, "ZeroAsync").ConfigureAwait(false);
                var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
                Expect.Equal(0m, reading.Mass.Grams);
            }
            else
            {
                var error = await Faulted(Zero(scale, CancellationToken.None), ReplyAllowance, "ZeroAsync").ConfigureAwait(false);
                Expect.Equal(ScaleFault.NotSupported, error.Fault);
                AssertMessage(error);
            }
        }
    }

    /// <summary>An overload is <see cref="ScaleFault.Overload"/>, for a read and for a stable read (not a wait for stability).</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task OverloadIsATypedFault()
    {
        await OverloadAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Expect.Equal(OverloadFault, error.Fault);
            AssertMessage(error);
            var stable = await Faulted(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Expect.Equal(OverloadFault, stable.Fault);
        }
    }

    /// <summary>An underload is <see cref="ScaleFault.Underload"/>, for a read and for a stable read.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task UnderloadIsATypedFault()
    {
        await UnderloadAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Expect.Equal(UnderloadFault, error.Fault);
            AssertMessage(error);
            var stable = await Faulted(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Expect.Equal(UnderloadFault, stable.Fault);
        }
    }

    /// <summary>A fault is not sticky: once the device presents a load again, the scale reads it.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ReadsAgainOnceAnOverloadIsTakenOff()
    {
        await OverloadAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Expect.Equal(OverloadFault, error.Fault);
            await PresentAsync(930m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
            var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Expect.Equal(930m, reading.Value);
        }
    }

    /// <summary>An unplugged device is <see cref="ScaleFault.Disconnected"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task UnpluggedDeviceIsDisconnected()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            await UnplugAsync(CancellationToken.None).ConfigureAwait(false);
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Expect.Equal(ScaleFault.Disconnected, error.Fault);
            AssertMessage(error);
        }
    }

    /// <summary>A device unplugged while a stable read waits ends that read with <see cref="ScaleFault.Disconnected"/>, not with a wait for the timeout.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task UnplugDuringAStableReadIsDisconnected()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var longWait = StableTimeout + HangLimit;
            var read = ReadStable(scale, longWait, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
            await UnplugAsync(CancellationToken.None).ConfigureAwait(false);
            var error = await Faulted(read, HangLimit, "ReadStableAsync after the device was unplugged").ConfigureAwait(false);
            Expect.Equal(ScaleFault.Disconnected, error.Fault);
        }
    }

    /// <summary>A silent device is <see cref="ScaleFault.NoReply"/> for a read, and a stable read ends with NoReply or NotStable; neither hangs.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task SilentDeviceIsNoReply()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            await GoSilentAsync(CancellationToken.None).ConfigureAwait(false);
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync of a silent device").ConfigureAwait(false);
            Expect.Equal(ScaleFault.NoReply, error.Fault);
            AssertMessage(error);
            var stable = await Faulted(ReadStable(scale, NotStableTimeout, CancellationToken.None), NotStableTimeout + ReplyAllowance, "ReadStableAsync of a silent device").ConfigureAwait(false);
            Expect.True(stable.Fault is ScaleFault.NoReply or ScaleFault.NotStable, $"A stable read of a silent device should end with NoReply or NotStable, not {stable.Fault}.");
        }
    }
}
