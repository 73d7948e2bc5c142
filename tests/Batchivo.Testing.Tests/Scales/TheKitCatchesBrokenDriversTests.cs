using Batchivo.Devices;
using Batchivo.Scales.Simulated;
using Batchivo.Testing.Scales;

namespace Batchivo.Testing.Tests.Scales;

/// <summary>
/// The conformance kit can fail: run against a simulated scale with one defect added, the kit test for that defect
/// fails (and passes against the same scale without it).
/// </summary>
public sealed class TheKitCatchesBrokenDriversTests
{
    [Fact]
    public async Task A_driver_that_ignores_cancellation_fails_the_cancellation_test()
    {
        Assert.Null(await Record.ExceptionAsync(() => new Kit(s => s).CancellationEndsAReadOfASilentDevice()));
        await Assert.ThrowsAnyAsync<ConformanceException>(() => new Kit(s => new IgnoresCancellation(s)).CancellationEndsAReadOfASilentDevice());
    }

    [Fact]
    public async Task A_driver_that_gives_up_before_the_timeout_fails_the_not_stable_test()
    {
        Assert.Null(await Record.ExceptionAsync(() => new Kit(s => s).StableReadOfALoadThatNeverSettlesFailsWithNotStable()));
        await Assert.ThrowsAnyAsync<ConformanceException>(() => new Kit(s => new GivesUpAtOnce(s)).StableReadOfALoadThatNeverSettlesFailsWithNotStable());
    }

    [Fact]
    public async Task A_driver_that_throws_untyped_faults_fails_the_fault_test()
    {
        Assert.Null(await Record.ExceptionAsync(() => new Kit(s => s).OverloadIsATypedFault()));
        await Assert.ThrowsAnyAsync<ConformanceException>(() => new Kit(s => new UntypedFaults(s)).OverloadIsATypedFault());
    }

    [Fact]
    public async Task A_driver_that_claims_tare_but_does_not_tare_fails_the_tare_test()
    {
        Assert.Null(await Record.ExceptionAsync(() => new Kit(s => s).TaresWhereItCanElseSaysNotSupported()));
        await Assert.ThrowsAnyAsync<ConformanceException>(() => new Kit(s => new FakeTare(s)).TaresWhereItCanElseSaysNotSupported());
    }

    [Fact]
    public async Task A_driver_that_mislabels_the_unit_fails_the_reading_test()
    {
        Assert.Null(await Record.ExceptionAsync(() => new Kit(s => s).ReadsAStableWeightInEachUnit(WeightUnit.Pound, "2.5")));
        await Assert.ThrowsAnyAsync<ConformanceException>(() => new Kit(s => new AlwaysGrams(s)).ReadsAStableWeightInEachUnit(WeightUnit.Pound, "2.5"));
    }

    /// <summary>The simulated scale's kit harness with a defect added around the scale (not public: xunit does not run it by itself).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The kit disposes the scale it creates in each test.")]
    private sealed class Kit(Func<IScale, IScale> defect) : ScaleConformanceTests
    {
        // Not a test class: the tests above run its cases one by one.
        public override Task Conformance(string name) => RunAsync(name);

        private SimulatedScaleOptions _options = new() { ReplyTimeout = TimeSpan.FromSeconds(2) };
        private SimulatedScale? _scale;

        protected override TimeSpan HangLimit => TimeSpan.FromSeconds(5);

        protected override Task<IScale> CreateScaleAsync(CancellationToken cancellationToken)
        {
            _scale = new SimulatedScale("kit", _options, TimeProvider.System);
            return Task.FromResult(defect(_scale));
        }

        protected override Task PresentAsync(decimal value, WeightUnit unit, bool stable, CancellationToken cancellationToken) =>
            Play(_options with { Steps = [SimulatedStep.Load(WeightUnits.ToGrams(value, unit))], Unit = unit, Fault = stable ? SimulatedFault.None : SimulatedFault.NeverStable });

        protected override Task OverloadAsync(CancellationToken cancellationToken) => Play(_options with { Fault = SimulatedFault.Overload });

        protected override Task UnderloadAsync(CancellationToken cancellationToken) => Play(_options with { Fault = SimulatedFault.Underload });

        protected override Task UnplugAsync(CancellationToken cancellationToken) => Play(_options with { Fault = SimulatedFault.Disconnected });

        protected override Task GoSilentAsync(CancellationToken cancellationToken) => Play(_options with { Fault = SimulatedFault.NoReply });

        private Task Play(SimulatedScaleOptions options)
        {
            _options = options;
            _scale?.Play(options);
            return Task.CompletedTask;
        }
    }

    private class Wrapper(IScale inner) : IScale
    {
        public ScaleIdentity Identity => inner.Identity;

        public virtual ScaleCapabilities Capabilities => inner.Capabilities;

        public virtual Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

        public virtual Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => inner.ReadStableAsync(timeout, cancellationToken);

        public virtual Task TareAsync(CancellationToken cancellationToken = default) => inner.TareAsync(cancellationToken);

        public Task ZeroAsync(CancellationToken cancellationToken = default) => inner.ZeroAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class IgnoresCancellation(IScale inner) : Wrapper(inner)
    {
        public override Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) => base.ReadAsync(CancellationToken.None);
    }

    private sealed class GivesUpAtOnce(IScale inner) : Wrapper(inner)
    {
        public override async Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var reading = await ReadAsync(cancellationToken);
            return reading.IsStable ? reading : throw new ScaleException(ScaleFault.NotStable, "Not stable.");
        }
    }

    private sealed class UntypedFaults(IScale inner) : Wrapper(inner)
    {
        public override async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await base.ReadAsync(cancellationToken);
            }
            catch (ScaleException e)
            {
                throw new InvalidOperationException(e.Message);
            }
        }
    }

    private sealed class FakeTare(IScale inner) : Wrapper(inner)
    {
        public override Task TareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class AlwaysGrams(IScale inner) : Wrapper(inner)
    {
        public override async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) =>
            (await base.ReadAsync(cancellationToken)) with { Unit = WeightUnit.Gram };
    }
}
