using Acme.Plugin;
using Batchivo.Devices;
using Batchivo.Testing.Scales;

namespace Acme.Plugin.Tests;

/// <summary>The driver passes Batchivo's scale conformance kit, against an emulated device.</summary>
public sealed class AcmePluginScaleConformanceTests : ScaleConformanceTests
{
    private readonly EmulatedDevice _device = new();

    // The kit's cases, declared here: xunit v3's analyzer cannot read a data member inherited from a package.
    public static IEnumerable<object[]> KitCases => Cases;

    // Every case of the kit runs as one test. Keep the attributes: without them nothing runs.
    [Theory]
    [MemberData(nameof(KitCases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override Task<IScale> CreateScaleAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IScale>(new AcmePluginScale("kit", _device, TimeSpan.FromSeconds(2), TimeProvider.System));

    protected override Task PresentAsync(decimal value, WeightUnit unit, bool stable, CancellationToken cancellationToken) =>
        _device.Set(new AcmePluginFrame(value, unit, stable));

    protected override Task OverloadAsync(CancellationToken cancellationToken) => _device.Set(new AcmePluginFrame(0m, WeightUnit.Gram, false, AcmePluginStatus.Overload));

    protected override Task UnderloadAsync(CancellationToken cancellationToken) => _device.Set(new AcmePluginFrame(0m, WeightUnit.Gram, false, AcmePluginStatus.Underload));

    protected override Task UnplugAsync(CancellationToken cancellationToken) => _device.Set(EmulatedDevice.Unplugged);

    protected override Task GoSilentAsync(CancellationToken cancellationToken) => _device.Set(null);

    /// <summary>The device side: answers with the frame it was given, says nothing, or is gone.</summary>
    private sealed class EmulatedDevice : IAcmePluginLink
    {
        public static readonly AcmePluginFrame Unplugged = new(0m, WeightUnit.Gram, false);

        private volatile AcmePluginFrame? _frame;

        public Task Set(AcmePluginFrame? frame)
        {
            _frame = frame;
            return Task.CompletedTask;
        }

        public async Task<AcmePluginFrame> RequestAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var frame = _frame;
                if (ReferenceEquals(frame, Unplugged))
                {
                    throw new IOException("The emulated device was unplugged.");
                }

                if (frame is not null)
                {
                    return frame;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }
        }
    }
}
