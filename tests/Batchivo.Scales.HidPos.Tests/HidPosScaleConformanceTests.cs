using Batchivo.Devices;
using Batchivo.Scales.HidPos;
using Batchivo.Scales.HidPos.Tests.Support;
using Batchivo.Testing.Scales;

namespace Batchivo.Scales.HidPos.Tests;

/// <summary>
/// The HID POS driver passes the scale conformance kit, reading a real FIFO that a device emulator writes reports into.
/// The kit's silent device must be <see cref="ScaleFault.NoReply"/>, which holds for scales that report all the time:
/// the driver is set up so (<see cref="HidPosScaleOptions.MaxReportAge"/> zero). Scales that report only on change,
/// where silence is a steady weight, are tested in <see cref="HidPosReportOnChangeTests"/>.
/// </summary>
public sealed class HidPosScaleConformanceTests : ScaleConformanceTests, IDisposable
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    private readonly HidFifoDevice _device = new();

    public void Dispose() => _device.Dispose();

    protected override Task<IScale> CreateScaleAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IScale>(new HidPosScale("kit", new HidPosScaleOptions { DevicePath = _device.Path, ReadTimeout = TimeSpan.FromSeconds(5), MaxReportAge = TimeSpan.Zero }, TimeProvider.System));

    protected override Task PresentAsync(decimal value, WeightUnit unit, bool stable, CancellationToken cancellationToken) =>
        _device.SendAsync(HidScaleReport.For(stable ? (value == 0m ? HidScaleStatus.Zero : HidScaleStatus.Stable) : HidScaleStatus.InMotion, value, unit));

    protected override Task OverloadAsync(CancellationToken cancellationToken) =>
        _device.SendAsync(new HidScaleReport(HidScaleStatus.OverWeight, 2, 0, 0));

    protected override Task UnderloadAsync(CancellationToken cancellationToken) =>
        _device.SendAsync(new HidScaleReport(HidScaleStatus.UnderZero, 2, 0, 0));

    protected override Task UnplugAsync(CancellationToken cancellationToken)
    {
        _device.Unplug();
        return Task.CompletedTask;
    }

    protected override Task GoSilentAsync(CancellationToken cancellationToken)
    {
        _device.GoSilent();
        return Task.CompletedTask;
    }
}
