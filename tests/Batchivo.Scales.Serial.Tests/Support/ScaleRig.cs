using Batchivo.Plugins;
using Batchivo.Devices;

namespace Batchivo.Scales.Serial.Tests.Support;

/// <summary>A serial scale driver on the slave of a fresh pseudo-terminal, with a device emulator on its master.</summary>
internal sealed class ScaleRig<TDevice> : IAsyncDisposable
    where TDevice : DeviceEmulator
{
    private ScaleRig(TDevice device, IScale scale)
    {
        Device = device;
        Scale = scale;
    }

    public TDevice Device { get; }

    public IScale Scale { get; }

    public static ScaleRig<TDevice> Start(string driver, Func<PseudoTerminal, TDevice> emulator, Script? script = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var pty = PseudoTerminal.Open();
        var device = emulator(pty);
        if (script is not null)
        {
            device.Script = script;
        }

        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Port"] = pty.SlaveName,
            // A failure bound, not a timing: a loaded build machine can hold the emulator's thread back for a second or more.
            ["ReplyTimeout"] = "00:00:05",
            ["PollInterval"] = "00:00:00.020",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var scale = SerialScales.Create(new ScaleSettings("bench", driver, PluginSettings.Of(all)), TimeProvider.System);
        return new ScaleRig<TDevice>(device, scale);
    }

    public async ValueTask DisposeAsync()
    {
        await Scale.DisposeAsync();
        await Device.DisposeAsync();
    }
}
