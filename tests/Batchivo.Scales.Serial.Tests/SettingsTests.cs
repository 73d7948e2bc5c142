using Batchivo.Plugins;
using System.IO.Ports;
using Batchivo.Devices;

namespace Batchivo.Scales.Serial.Tests;

/// <summary>Settings: defaults per driver, every key bound, bad values refused with the key named.</summary>
public sealed class SettingsTests
{
    private static Dictionary<string, string?> With(params (string Key, string? Value)[] pairs)
    {
        var d = new Dictionary<string, string?> { ["Port"] = "/dev/ttyUSB0" };
        foreach (var (k, v) in pairs)
        {
            d[k] = v;
        }

        return d;
    }

    private static SerialScaleOptions Bind(string driver, Dictionary<string, string?> settings) =>
        SerialScales.Bind(new ScaleSettings("bench", driver, PluginSettings.Of(settings)));

    [Theory]
    [InlineData("mt-sics", 9600, Parity.None, 8, SerialScaleMode.Request)]
    [InlineData("and", 2400, Parity.Even, 7, SerialScaleMode.Stream)]
    [InlineData("sartorius-sbi", 9600, Parity.Odd, 8, SerialScaleMode.Request)]
    [InlineData("KERN", 9600, Parity.None, 8, SerialScaleMode.Request)]
    public void Each_driver_has_its_devices_defaults(string driver, int baud, Parity parity, int dataBits, SerialScaleMode mode)
    {
        var o = Bind(driver, With());

        Assert.Equal(("/dev/ttyUSB0", baud, parity, dataBits, StopBits.One, mode), (o.Port, o.BaudRate, o.Parity, o.DataBits, o.StopBits, o.Mode));
    }

    [Fact]
    public void Every_setting_is_bound_case_insensitively()
    {
        var o = Bind("and", With(
            ("baudrate", "19200"), ("PARITY", "mark"), ("DataBits", "8"), ("stopbits", "2"), ("NewLine", "cr"),
            ("ReplyTimeout", "00:00:00.250"), ("CommandTimeout", "00:00:04"), ("Mode", "request"), ("Request", "S"),
            ("Stability", "equal-readings"), ("StableReadings", "5"), ("PollInterval", "00:00:00"), ("Unit", "LB")));

        Assert.Equal(19200, o.BaudRate);
        Assert.Equal(Parity.Mark, o.Parity);
        Assert.Equal(8, o.DataBits);
        Assert.Equal(StopBits.Two, o.StopBits);
        Assert.Equal("\r", o.NewLine);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.ReplyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), o.CommandTimeout);
        Assert.Equal(SerialScaleMode.Request, o.Mode);
        Assert.Equal("S", o.Request);
        Assert.Equal(StabilityRule.EqualReadings, o.Stability);
        Assert.Equal(5, o.StableReadings);
        Assert.Equal(TimeSpan.Zero, o.PollInterval);
        Assert.Equal(WeightUnit.Pound, o.Unit);
    }

    [Theory]
    [InlineData("BaudRate", "fast")]
    [InlineData("BaudRate", "-9600")]
    [InlineData("Parity", "sometimes")]
    [InlineData("DataBits", "9")]
    [InlineData("StopBits", "3")]
    [InlineData("StopBits", "1.5")]
    [InlineData("NewLine", "semicolon")]
    [InlineData("ReplyTimeout", "00:00:00")]
    [InlineData("CommandTimeout", "1e3")]
    [InlineData("CommandTimeoutMilliseconds", "1000")]
    [InlineData("PollInterval", "00:05:00")]
    [InlineData("Mode", "push")]
    [InlineData("Request", "")]
    [InlineData("Stability", "trust-me")]
    [InlineData("StableReadings", "1")]
    [InlineData("Unit", "mg")]
    [InlineData("Bauds", "9600")]
    [InlineData("Port", "  ")]
    public void A_bad_setting_is_refused_with_its_key_and_what_to_give(string key, string value)
    {
        var e = Assert.Throws<SerialScaleSettingsException>(() => Bind("mt-sics", With((key, value))));

        Assert.Equal(key, e.Key);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains("Give", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<BatchivoException>(e);
    }

    [Fact]
    public void A_missing_port_or_an_unknown_driver_is_refused()
    {
        Assert.Equal("Port", Assert.Throws<SerialScaleSettingsException>(() => Bind("kern", new Dictionary<string, string?>())).Key);
        Assert.Equal("Driver", Assert.Throws<SerialScaleSettingsException>(() => SerialScales.Create(new ScaleSettings("x", "ohaus", PluginSettings.Of(With())), TimeProvider.System)).Key);
    }

    [Fact]
    public void Creating_a_scale_opens_nothing()
    {
        // The factory runs at first use of a configured scale; the port opens on the first call.
        var scale = SerialScales.Create(new ScaleSettings("bench", "mt-sics", PluginSettings.Of(new Dictionary<string, string?> { ["Port"] = "/dev/batchivo-none" })), TimeProvider.System);

        Assert.Equal(new ScaleIdentity("mt-sics", null, null, "/dev/batchivo-none"), scale.Identity);
    }
}
