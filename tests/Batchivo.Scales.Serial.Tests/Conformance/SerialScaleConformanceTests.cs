using Batchivo.Plugins;
using Batchivo.Devices;
using Batchivo.Scales.Serial.Tests.Support;
using Batchivo.Testing.Scales;

namespace Batchivo.Scales.Serial.Tests.Conformance;

/// <summary>
/// The scale conformance kit against a serial driver on a fresh pseudo-terminal per test, with its protocol's
/// emulator as the device side.
/// </summary>
public abstract class SerialScaleConformanceTests : ScaleConformanceTests, IAsyncLifetime
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    private readonly DeviceEmulator _device;
    private readonly string _driver;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private protected SerialScaleConformanceTests(string driver, Func<PseudoTerminal, DeviceEmulator> emulator, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _driver = driver;
        _device = emulator(PseudoTerminal.Open());
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _device.DisposeAsync();

    protected override Task<IScale> CreateScaleAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Port"] = _device.Pty.SlaveName,
            // The kit's maximum: a failure bound for loaded build machines, where the emulator's thread can be held back.
            ["ReplyTimeout"] = "00:00:05",
            ["PollInterval"] = "00:00:00.020",
        };
        foreach (var (key, value) in _settings)
        {
            all[key] = value;
        }

        return Task.FromResult(SerialScales.Create(new ScaleSettings("kit", _driver, PluginSettings.Of(all)), TimeProvider.System));
    }

    protected override Task PresentAsync(decimal value, WeightUnit unit, bool stable, CancellationToken cancellationToken)
    {
        _device.Script = _device.Script with { Value = value, Decimals = value.Scale, Unit = WeightUnits.Symbol(unit), Settles = stable, Fault = DeviceFault.None };
        return Task.CompletedTask;
    }

    protected override Task OverloadAsync(CancellationToken cancellationToken) => Fault(DeviceFault.Overload);

    protected override Task UnderloadAsync(CancellationToken cancellationToken) => Fault(DeviceFault.Underload);

    protected override Task GoSilentAsync(CancellationToken cancellationToken) => Fault(DeviceFault.Silent);

    protected override Task UnplugAsync(CancellationToken cancellationToken) => _device.UnplugAsync();

    private Task Fault(DeviceFault fault)
    {
        _device.Script = _device.Script with { Fault = fault };
        return Task.CompletedTask;
    }
}

/// <summary>MT-SICS passes the kit.</summary>
public sealed class MtSicsConformanceTests() : SerialScaleConformanceTests(SerialScalePlugin.MtSics, p => new MtSicsEmulator(p));

/// <summary>A streaming A&amp;D-style indicator passes the kit.</summary>
public sealed class AndStreamConformanceTests() : SerialScaleConformanceTests(SerialScalePlugin.And, p => new AndEmulator(p, streaming: true));

/// <summary>A polled A&amp;D-style indicator whose frames cannot say stable (GS only) passes the kit by counting equal readings.</summary>
public sealed class AndCountingConformanceTests() : SerialScaleConformanceTests(
    SerialScalePlugin.And,
    p => new AndEmulator(p, streaming: false) { Script = new Script { Layout = AndLayout.ModeOnly } },
    new Dictionary<string, string?> { ["Mode"] = "request" });

/// <summary>Sartorius SBI (22-character frames) passes the kit.</summary>
public sealed class SartoriusSbiConformanceTests() : SerialScaleConformanceTests(
    SerialScalePlugin.SartoriusSbi,
    p => new SartoriusEmulator(p, streaming: false) { Script = new Script { WithId = true } });

/// <summary>
/// Kern passes the kit. Its s/w frames have one fault frame, "Error", for every fault (Kern PCB and FKB manuals), so an
/// overload or an underload reads as the typed <see cref="ScaleFault.DeviceError"/>: it cannot be told apart.
/// </summary>
public sealed class KernConformanceTests() : SerialScaleConformanceTests(SerialScalePlugin.Kern, p => new KernEmulator(p))
{
    protected override ScaleFault OverloadFault => ScaleFault.DeviceError;

    protected override ScaleFault UnderloadFault => ScaleFault.DeviceError;
}
