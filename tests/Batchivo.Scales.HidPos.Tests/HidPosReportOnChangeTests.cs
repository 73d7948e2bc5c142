using Batchivo.Plugins;
using Batchivo.Devices;
using Batchivo.Scales.HidPos;
using Batchivo.Scales.HidPos.Tests.Support;

namespace Batchivo.Scales.HidPos.Tests;

/// <summary>
/// HID POS scales that send a report only when the weight changes (many postal and kitchen scales): a FIFO device that
/// sends each report once and then goes quiet. The driver answers from the last report it received, stamped with when
/// it came; the stale first report after opening is never answered from.
/// </summary>
public sealed class HidPosReportOnChangeTests : IDisposable
{
    /// <summary>How long a read may wait for the reports the test sends: a failure bound for loaded machines, not a timing.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly HidFifoDevice _device = new();

    public void Dispose() => _device.Dispose();

    [Fact]
    public async Task A_steady_scale_that_went_quiet_is_read_from_its_last_report_with_the_time_it_came()
    {
        await using var scale = new HidPosScale("postal", new HidPosScaleOptions { DevicePath = _device.Path, ReadTimeout = Bound }, TimeProvider.System);
        var first = scale.ReadAsync();
        await _device.ConnectedAsync();
        await _device.SendOnceAsync(new HidScaleReport(HidScaleStatus.Stable, 2, 0, 999).ToBytes());
        await _device.SendOnceAsync(HidScaleReport.For(HidScaleStatus.Stable, 850m, WeightUnit.Gram).ToBytes());
        Assert.Equal(850m, (await first).Value);

        // The scale sends nothing more: the weight did not change.
        var before = TimeProvider.System.GetUtcNow();
        var again = await scale.ReadAsync();
        var stable = await scale.ReadStableAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(850m, again.Value);
        Assert.True(again.IsStable);
        Assert.True(again.At <= before, "A reading answered from the last report carries the time that report came (its age is now minus At).");
        Assert.Equal(850m, stable.Value);
        Assert.Equal(again.At, stable.At);
    }

    [Fact]
    public async Task A_change_after_the_quiet_is_read_at_once()
    {
        await using var scale = new HidPosScale("postal", new HidPosScaleOptions { DevicePath = _device.Path, SkipFirstReport = false, ReadTimeout = Bound }, TimeProvider.System);
        var first = scale.ReadAsync();
        await _device.ConnectedAsync();
        await _device.SendOnceAsync(HidScaleReport.For(HidScaleStatus.Stable, 850m, WeightUnit.Gram).ToBytes());
        Assert.Equal(850m, (await first).Value);

        await _device.SendOnceAsync(HidScaleReport.For(HidScaleStatus.Stable, 1200m, WeightUnit.Gram).ToBytes());

        Assert.Equal(1200m, (await scale.ReadAsync()).Value);
    }

    [Fact]
    public async Task The_stale_first_report_is_never_answered_from()
    {
        var options = new HidPosScaleOptions { DevicePath = _device.Path, ReadTimeout = TimeSpan.FromMilliseconds(800) };
        await using var scale = new HidPosScale("postal", options, TimeProvider.System);
        var first = scale.ReadAsync();
        await _device.ConnectedAsync();
        await _device.SendOnceAsync(new HidScaleReport(HidScaleStatus.Stable, 2, 0, 999).ToBytes());

        Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => first)).Fault);
        Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
    }

    [Fact]
    public async Task A_quiet_scale_in_motion_is_not_stable_by_the_deadline_and_an_overload_stays_an_overload()
    {
        await using var scale = new HidPosScale("postal", new HidPosScaleOptions { DevicePath = _device.Path, SkipFirstReport = false, ReadTimeout = Bound }, TimeProvider.System);
        var first = scale.ReadAsync();
        await _device.ConnectedAsync();
        await _device.SendOnceAsync(HidScaleReport.For(HidScaleStatus.InMotion, 850m, WeightUnit.Gram).ToBytes());
        Assert.False((await first).IsStable);

        Assert.Equal(ScaleFault.NotStable, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadStableAsync(TimeSpan.FromMilliseconds(500)))).Fault);

        await _device.SendOnceAsync(new HidScaleReport(HidScaleStatus.OverWeight, 2, 0, 0).ToBytes());
        Assert.Equal(ScaleFault.Overload, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
        Assert.Equal(ScaleFault.Overload, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
    }

    [Theory]
    [InlineData("MaxReportAge", "-00:00:01")]
    [InlineData("MaxReportAge", "a day")]
    [InlineData("MaxReportAge", "2.00:00:00")]
    [InlineData("FreshReportWait", "00:00:00")]
    [InlineData("MaxReportAgeSeconds", "0")]
    public void Invalid_report_age_settings_are_refused_naming_the_setting(string key, string value)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Device"] = "/dev/hidraw0", [key] = value };

        var error = Assert.Throws<ScaleException>(() => HidPosScalePlugin.Bind(new ScaleSettings("bench", HidPosScalePlugin.DriverName, PluginSettings.Of(settings))));

        Assert.Equal(ScaleFault.DeviceError, error.Fault);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_age_settings_are_read()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Device"] = "/dev/hidraw0", ["MaxReportAge"] = "00:00:00", ["FreshReportWait"] = "00:00:00.150" };

        var options = HidPosScalePlugin.Bind(new ScaleSettings("bench", HidPosScalePlugin.DriverName, PluginSettings.Of(settings)));

        Assert.Equal(TimeSpan.Zero, options.MaxReportAge);
        Assert.Equal(TimeSpan.FromMilliseconds(150), options.FreshReportWait);
    }
}
