using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Testing.Scales;

/// <summary>The conformance tests of cancellation, concurrent calls and disposal.</summary>
public abstract partial class ScaleConformanceTests
{
    /// <summary>A read of a silent device ends with <see cref="OperationCanceledException"/> when its token is cancelled, before the reply timeout.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task CancellationEndsAReadOfASilentDevice()
    {
        await GoSilentAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var read = Read(scale, cancel.Token);
            await Cancelled(read, "ReadAsync").ConfigureAwait(false);
        }
    }

    /// <summary>A stable read waiting for an unsettled load ends with <see cref="OperationCanceledException"/> when its token is cancelled.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task CancellationEndsAStableRead()
    {
        await PresentAsync(300m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var read = ReadStable(scale, StableTimeout + HangLimit, cancel.Token);
            await Cancelled(read, "ReadStableAsync").ConfigureAwait(false);
        }
    }

    /// <summary>Calls with a token that is already cancelled end with <see cref="OperationCanceledException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task AnAlreadyCancelledTokenIsHonoured()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            using var cancel = new CancellationTokenSource();
            await cancel.CancelAsync().ConfigureAwait(false);
            await Cancelled(Read(scale, cancel.Token), "ReadAsync").ConfigureAwait(false);
            await Cancelled(ReadStable(scale, StableTimeout, cancel.Token), "ReadStableAsync").ConfigureAwait(false);
        }
    }

    /// <summary>Calls from several threads at once are serialized by the driver: each gets a whole, correct reading.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ConcurrentReadsEachGetTheLoad()
    {
        await PresentAsync(1234.5m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reads = Enumerable.Range(0, 6)
                .Select(i => Task.Run(() => i % 2 == 0 ? Read(scale, CancellationToken.None) : ReadStable(scale, StableTimeout, CancellationToken.None)))
                .ToArray();
            var readings = await Bounded(Task.WhenAll(reads), StableTimeout + ReplyAllowance + ReplyAllowance, "concurrent reads").ConfigureAwait(false);
            Expect.All(readings, r =>
            {
                Expect.Equal(1234.5m, r.Value);
                Expect.Equal(WeightUnit.Gram, r.Unit);
            });
        }
    }

    /// <summary>A disposed scale refuses reads with <see cref="ObjectDisposedException"/>; disposing twice is harmless.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ADisposedScaleRefusesReads()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
        await Bounded(scale.DisposeAsync().AsTask(), HangLimit, "DisposeAsync").ConfigureAwait(false);
        await Bounded(scale.DisposeAsync().AsTask(), HangLimit, "a second DisposeAsync").ConfigureAwait(false);
        var task = Read(scale, CancellationToken.None);
        var finished = await Task.WhenAny(task, Task.Delay(HangLimit)).ConfigureAwait(false);
        Expect.True(finished == task, $"ReadAsync of a disposed scale did not finish within {HangLimit.TotalSeconds:0} s.");
        await Expect.ThrowsAnyAsync<ObjectDisposedException>(() => task).ConfigureAwait(false);
    }

    /// <summary>Disposing the scale while a read of a silent device waits ends that read and does not hang.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task DisposeDuringAReadDoesNotHang()
    {
        await GoSilentAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        var read = Read(scale, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        await Bounded(scale.DisposeAsync().AsTask(), HangLimit, "DisposeAsync during a read").ConfigureAwait(false);
        var finished = await Task.WhenAny(read, Task.Delay(ReplyAllowance)).ConfigureAwait(false);
        Expect.True(finished == read, "A read pending while the scale was disposed did not finish.");
        Expect.True(read.IsFaulted || read.IsCanceled, "A read of a silent device cannot succeed.");
    }
}
