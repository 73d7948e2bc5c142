using Batchivo.Devices;
using Batchivo.Scales.Simulated;
using Batchivo.Testing.Scales;

namespace Batchivo.Scales.Simulated.Tests;

/// <summary>The simulated scale passes the scale conformance kit; its script is the device side.</summary>
public sealed class SimulatedScaleConformanceTests : ScaleConformanceTests, IAsyncDisposable
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    private SimulatedScaleOptions _options = new() { ReplyTimeout = TimeSpan.FromSeconds(2) };
    private SimulatedScale? _scale;

    public async ValueTask DisposeAsync()
    {
        if (_scale is not null)
        {
            await _scale.DisposeAsync();
        }
    }

    protected override Task<IScale> CreateScaleAsync(CancellationToken cancellationToken)
    {
        _scale = new SimulatedScale("kit", _options, TimeProvider.System);
        return Task.FromResult<IScale>(_scale);
    }

    protected override Task PresentAsync(decimal value, WeightUnit unit, bool stable, CancellationToken cancellationToken) =>
        Play(_options with
        {
            Steps = [SimulatedStep.Load(WeightUnits.ToGrams(value, unit))],
            Unit = unit,
            Fault = stable ? SimulatedFault.None : SimulatedFault.NeverStable,
        });

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
