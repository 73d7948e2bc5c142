using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Scales.Serial.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.Serial.Tests;

/// <summary>The plugin as a host uses it: from its real plugin folder, and registered in code.</summary>
public sealed class PluginTests
{
    [Fact]
    public async Task The_plugin_loads_from_its_folder_and_weighs_on_a_pseudo_terminal()
    {
        using var pty = PseudoTerminal.Open();
        using var device = new MtSicsEmulator(pty) { Script = new Script { Value = 850.4m, Decimals = 1 } };
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add("plugins");
            o.Scales.Add(new ScaleOptions { Name = "bench", Driver = "mt-sics", Settings = { ["Port"] = pty.SlaveName, ["BaudRate"] = "9600" } });
        });

        Assert.Empty(builder.Diagnostics.Refused);
        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal(["scale:and", "scale:kern", "scale:mt-sics", "scale:sartorius-sbi"], loaded.Provides.Order(StringComparer.Ordinal));
        await using var provider = services.BuildServiceProvider();
        var scale = provider.GetRequiredService<BatchivoDevices>().GetScale("bench");
        var reading = await scale.ReadStableAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(850.4m, reading.Value);
        Assert.Equal(WeightUnit.Gram, reading.Unit);
        Assert.Equal("B021002593", scale.Identity.SerialNumber);
    }

    [Fact]
    public async Task A_bad_setting_from_configuration_surfaces_as_the_typed_settings_error()
    {
        var services = new ServiceCollection();
        services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add("plugins");
            o.Scales.Add(new ScaleOptions { Name = "bench", Driver = "kern", Settings = { ["Port"] = "/dev/ttyUSB0", ["Parity"] = "maybe" } });
        });
        await using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAny<BatchivoException>(() => provider.GetRequiredService<BatchivoDevices>().GetScale("bench"));

        Assert.Contains("Parity", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSerialScale_registers_the_drivers_once_for_several_scales()
    {
        using var pty1 = PseudoTerminal.Open();
        using var pty2 = PseudoTerminal.Open();
        using var kern = new KernEmulator(pty1) { Script = new Script { Value = 12m, Decimals = 0 } };
        using var sartorius = new SartoriusEmulator(pty2, streaming: false) { Script = new Script { Value = 34m, Decimals = 0 } };
        var services = new ServiceCollection();
        var builder = services.AddBatchivo()
            .AddSerialScale("left", "kern", new Dictionary<string, string?> { ["Port"] = pty1.SlaveName })
            .AddSerialScale("right", "sartorius-sbi", new Dictionary<string, string?> { ["Port"] = pty2.SlaveName });
        await using var provider = services.BuildServiceProvider();
        var devices = provider.GetRequiredService<BatchivoDevices>();

        Assert.Equal(12m, (await devices.GetScale("left").ReadAsync()).Value);
        Assert.Equal(34m, (await devices.GetScale("right").ReadAsync()).Value);
        Assert.Empty(provider.GetRequiredService<PluginDiagnostics>().Refused);
    }
}
