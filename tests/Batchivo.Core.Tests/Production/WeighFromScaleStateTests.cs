using Batchivo.Core.Tests.Support;
using Batchivo.Devices;
using Batchivo.Production;

namespace Batchivo.Core.Tests.Production;

/// <summary>
/// Weighing from a scale checks the run's state before the scale is opened or read: a run that cannot take the weight is
/// refused with a rule error even when the scale is unplugged, and the device is never touched.
/// </summary>
public sealed class WeighFromScaleStateTests
{
    [Fact]
    public async Task Weigh_after_on_a_draft_is_refused_without_opening_the_named_scale_even_when_it_is_unplugged()
    {
        var (seed, scales) = await ServiceWithScalesAsync();
        var number = await seed.DraftAsync();

        var error = await Assert.ThrowsAsync<RunStateException>(() =>
            seed.Service.Weighing.WeighAsync(number, "PLA-001", WeighingPoint.After, ScaleSource.Named("bench", TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(RunStatus.Draft, error.Status);
        Assert.Contains("weight after", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scales.Opened);
    }

    [Fact]
    public async Task Weigh_before_on_a_started_run_is_refused_without_opening_the_named_scale()
    {
        var (seed, scales) = await ServiceWithScalesAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);

        var error = await Assert.ThrowsAsync<RunStateException>(() =>
            seed.Service.Weighing.WeighAsync(number, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(RunStatus.InProgress, error.Status);
        Assert.Equal(0, scales.Opened);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_scale_handed_in_is_not_read_when_the_run_cannot_take_the_weight(bool withProgress)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var scale = new RecordingScale(711m);
        var progress = withProgress ? new Progress<ScaleReading>() : null;

        await Assert.ThrowsAsync<RunStateException>(() => seed.Service.Weighing.WeighAsync(number, "PLA-001", WeighingPoint.After, ScaleSource.Of(scale, TimeSpan.FromSeconds(1), progress), CancellationToken.None));
        await seed.Service.Runs.CancelAsync(number);
        await Assert.ThrowsAsync<RunStateException>(() => seed.Service.Weighing.WeighAsync(number, "PLA-001", WeighingPoint.Before, ScaleSource.Of(scale, TimeSpan.FromSeconds(1), progress), CancellationToken.None));

        Assert.Equal(0, scale.Reads);
    }

    [Fact]
    public async Task A_spool_not_in_the_run_is_refused_before_the_scale_is_read()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.Service.Catalog.AddSpoolAsync(new NewSpool("PLA-009", new Catalog.Material(SeedExample.Black), Mass.FromGrams(1000), new Money(20m, "USD")));
        var number = await seed.DraftAsync();
        var scale = new RecordingScale(850m);

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => seed.Service.Weighing.WeighAsync(number, "PLA-009", WeighingPoint.Before, ScaleSource.Of(scale, TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(DomainRule.SpoolAssignment, error.Rule);
        Assert.Equal(0, scale.Reads);
    }

    [Fact]
    public async Task A_run_in_the_right_state_reads_the_scale_and_records_the_weight()
    {
        var (seed, scales) = await ServiceWithScalesAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        scales.Plugged = true;

        var run = await seed.Service.Weighing.WeighAsync(number, "PLA-001", WeighingPoint.After, ScaleSource.Named("bench", TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(1, scales.Opened);
        Assert.Equal(Mass.FromGrams(711), run.Materials[0].WeightAfter);
    }

    private static async Task<(SeedExample Seed, UnpluggedScales Scales)> ServiceWithScalesAsync()
    {
        var scales = new UnpluggedScales();
        var seed = new SeedExample(scales);
        await seed.CatalogAsync();
        return (seed, scales);
    }

    /// <summary>
    /// A scale directory whose scale "bench" is unplugged until a run in the right state opens it: every open is
    /// counted, and an open of an unplugged scale would fail as a device fault.
    /// </summary>
    private sealed class UnpluggedScales : IScaleDirectory
    {
        public int Opened { get; private set; }

        public IReadOnlyList<string> ScaleNames => ["bench"];

        public bool Plugged { get; set; }

        public IScale GetScale(string name)
        {
            Opened++;
            return Plugged ? new RecordingScale(711m) : throw new ScaleException(ScaleFault.Disconnected, $"Scale {name} does not answer: it is unplugged.");
        }
    }

    /// <summary>A scale that counts its reads and always answers a stable weight.</summary>
    private sealed class RecordingScale(decimal grams) : IScale
    {
        public int Reads { get; private set; }

        public ScaleIdentity Identity { get; } = new("recording", null, null, null);

        public Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(new ScaleReading(grams, WeightUnit.Gram, true, DateTimeOffset.UnixEpoch));
        }

        public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => ReadAsync(cancellationToken);

        public Task TareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ZeroAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
