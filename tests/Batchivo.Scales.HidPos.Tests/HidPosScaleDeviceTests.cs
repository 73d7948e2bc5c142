using Batchivo.Plugins;
using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Scales.HidPos;
using Batchivo.Scales.HidPos.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.HidPos.Tests;

/// <summary>The HID POS driver against real files: a FIFO written by a device emulator, a plain file of reports, a missing file.</summary>
public sealed class HidPosScaleDeviceTests : IDisposable
{
    private readonly HidFifoDevice _device = new();

    public void Dispose() => _device.Dispose();

    [Fact]
    public async Task Reads_a_plain_file_of_reports_skipping_the_stale_first_one_and_is_disconnected_once_the_file_is_gone()
    {
        var directory = Directory.CreateTempSubdirectory("batchivo-hidfile-").FullName;
        try
        {
            var path = Path.Combine(directory, "reports.bin");
            var stale = new HidScaleReport(HidScaleStatus.Stable, 2, 0, 999);
            var fresh = new HidScaleReport(HidScaleStatus.Stable, 11, -1, 305);
            await File.WriteAllBytesAsync(path, [.. stale.ToBytes(), .. fresh.ToBytes()]);
            await using var scale = new HidPosScale("file", new HidPosScaleOptions { DevicePath = path }, TimeProvider.System);

            var reading = await scale.ReadAsync();

            Assert.Equal(30.5m, reading.Value);
            Assert.Equal(WeightUnit.Ounce, reading.Unit);
            Assert.Equal(864.6604553125m, reading.Mass.Grams);
            File.Delete(path);
            var error = await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync());
            Assert.Equal(ScaleFault.Disconnected, error.Fault);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_device_file_is_disconnected_and_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "batchivo-no-such-hidraw-" + Guid.NewGuid().ToString("N"));
        await using var scale = new HidPosScale("bench", new HidPosScaleOptions { DevicePath = path }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync());

        Assert.Equal(ScaleFault.Disconnected, error.Fault);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_and_split_reports_on_the_wire_are_skipped_and_the_next_whole_report_is_read()
    {
        await using var scale = new HidPosScale("bench", new HidPosScaleOptions { DevicePath = _device.Path, SkipFirstReport = false, ReadTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System);
        var pending = scale.ReadStableAsync(TimeSpan.FromSeconds(10));
        await WaitConnectedAsync();

        await _device.SendOnceAsync([0x00, 0xFF, 0x03, 0x09, 0x42]);
        var report = new HidScaleReport(HidScaleStatus.Stable, 2, -1, 7115).ToBytes();
        await _device.SendOnceAsync(report[..2]);
        await _device.SendOnceAsync(report[2..]);

        var reading = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(711.5m, reading.Value);
        Assert.True(reading.IsStable);
    }

    [Fact]
    public async Task A_scale_plugged_back_in_is_read_again_without_a_new_scale()
    {
        await using var scale = new HidPosScale("bench", new HidPosScaleOptions { DevicePath = _device.Path, ReadTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System);
        await _device.SendAsync(HidScaleReport.For(HidScaleStatus.Stable, 850m, WeightUnit.Gram));
        Assert.Equal(850m, (await scale.ReadStableAsync(TimeSpan.FromSeconds(10))).Value);

        _device.Unplug();
        var error = await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync());
        Assert.Equal(ScaleFault.Disconnected, error.Fault);

        using var replugged = new HidFifoDevice();
        await using var again = new HidPosScale("bench", new HidPosScaleOptions { DevicePath = replugged.Path }, TimeProvider.System);
        await replugged.SendAsync(HidScaleReport.For(HidScaleStatus.Stable, 711m, WeightUnit.Gram));
        Assert.Equal(711m, (await again.ReadStableAsync(TimeSpan.FromSeconds(10))).Value);
    }

    [Fact]
    public async Task The_plugin_loads_from_its_folder_and_reads_the_configured_device()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "plugins"));
            o.Plugins.Enabled.Add("Batchivo.Scales.HidPos");
            o.Scales.Add(new ScaleOptions { Name = "postal", Driver = "hid-pos", Settings = { ["Device"] = _device.Path, ["ReadTimeout"] = "00:00:10" } });
        });
        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Contains(builder.Diagnostics.Loaded, p => p.Name == "Batchivo.Scales.HidPos");
        await using var provider = services.BuildServiceProvider();
        var scale = provider.GetRequiredService<IScaleDirectory>().GetScale("postal");
        Assert.Equal("hid-pos", scale.Identity.Driver);
        Assert.Equal(_device.Path, scale.Identity.Port);
        Assert.Equal(ScaleCapabilities.None, scale.Capabilities);

        await _device.SendAsync(HidScaleReport.For(HidScaleStatus.Stable, 2.5m, WeightUnit.Pound));
        var reading = await scale.ReadStableAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1133.980925m, reading.Mass.Grams);
    }

    [Theory]
    [InlineData(null, "Device")]
    [InlineData("ReadTimeout=00:00:00", "ReadTimeout")]
    [InlineData("ReadTimeout=soon", "ReadTimeout")]
    [InlineData("ReadTimeoutMilliseconds=2000", "ReadTimeoutMilliseconds")]
    [InlineData("SkipFirstReport=maybe", "SkipFirstReport")]
    public void Invalid_settings_are_refused_naming_the_setting(string? setting, string named)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (setting is not null)
        {
            settings["Device"] = "/dev/hidraw0";
            var parts = setting.Split('=');
            settings[parts[0]] = parts[1];
        }

        var error = Assert.Throws<ScaleException>(() => HidPosScalePlugin.Bind(new ScaleSettings("bench", HidPosScalePlugin.DriverName, PluginSettings.Of(settings))));
        Assert.Equal(ScaleFault.DeviceError, error.Fault);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private async Task WaitConnectedAsync()
    {
        // The scale opens the FIFO on its first read; the emulator connects on its next tick.
        var start = _device.Written;
        await _device.SendAsync(new HidScaleReport(HidScaleStatus.InMotion, 2, 0, 1));
        for (var i = 0; i < 500 && _device.Written <= start + 1; i++)
        {
            await Task.Delay(10);
        }

        _device.GoSilent();
    }
}
