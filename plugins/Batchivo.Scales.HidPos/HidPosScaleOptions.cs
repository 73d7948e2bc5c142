using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Scales.HidPos;

/// <summary>How to reach a HID POS scale. Every setting can come from configuration (<see cref="Parse"/>).</summary>
public sealed record HidPosScaleOptions
{
    /// <summary>The hidraw device file, e.g. /dev/hidraw0 (or a FIFO or file that carries the same reports).</summary>
    /// <value>Required.</value>
    public string DevicePath { get; init; } = string.Empty;

    /// <summary>How long a read waits for the next report before the scale counts as silent (<see cref="ScaleFault.NoReply"/>).</summary>
    /// <value>Default: 2 seconds (the scales report several times a second).</value>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether to ignore the first report after the device file is opened, which can be stale.</summary>
    /// <value>Default: true.</value>
    public bool SkipFirstReport { get; init; } = true;

    /// <summary>
    /// How old the last report may be for a read to answer from it. Many scales send a report only when the weight
    /// changes: a read waits <see cref="FreshReportWait"/> for a new report, then answers from the last one the scale
    /// sent since the device file was opened (<see cref="ScaleReading.At"/> is when that report came, so its age is
    /// now minus <c>At</c>). Zero: every read waits for a new report (for scales that report all the time, where
    /// silence means trouble: <see cref="ScaleFault.NoReply"/>).
    /// </summary>
    /// <value>Default: 1 hour.</value>
    public TimeSpan MaxReportAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a read waits for a new report before it answers from the last one (see <see cref="MaxReportAge"/>).</summary>
    /// <value>Default: 300 ms (scales that report all the time send several reports in that time).</value>
    public TimeSpan FreshReportWait { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Reads options from settings (keys case-insensitive): <c>Device</c> (the hidraw file, required),
    /// <c>ReadTimeoutMilliseconds</c>, <c>SkipFirstReport</c> (true/false), <c>MaxReportAgeSeconds</c> (0 to 86400),
    /// <c>FreshReportWaitMilliseconds</c> (1 to 60000).
    /// </summary>
    /// <param name="name">The scale's name, for messages.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ScaleException">A setting is missing or not valid (<see cref="ScaleFault.DeviceError"/>), with the setting named.</exception>
    public static HidPosScaleOptions Parse(string name, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var device = Get(settings, "Device") ?? Get(settings, "DevicePath")
            ?? throw new ScaleException(ScaleFault.DeviceError, $"Scale {name} (hid-pos) needs the setting Device, the hidraw file of the scale, e.g. /dev/hidraw0 (see `ls /sys/class/hidraw/*/device/uevent`).");
        var options = new HidPosScaleOptions { DevicePath = device.Trim() };
        if (Get(settings, "ReadTimeoutMilliseconds") is { } timeout)
        {
            options = options with
            {
                ReadTimeout = int.TryParse(timeout.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and <= 600_000
                    ? TimeSpan.FromMilliseconds(ms)
                    : throw Invalid(name, "ReadTimeoutMilliseconds", timeout, "milliseconds from 1 to 600000"),
            };
        }

        if (Get(settings, "SkipFirstReport") is { } skip)
        {
            options = options with { SkipFirstReport = bool.TryParse(skip.Trim(), out var value) ? value : throw Invalid(name, "SkipFirstReport", skip, "true or false") };
        }

        if (Get(settings, "MaxReportAgeSeconds") is { } age)
        {
            options = options with
            {
                MaxReportAge = int.TryParse(age.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and <= 86_400
                    ? TimeSpan.FromSeconds(seconds)
                    : throw Invalid(name, "MaxReportAgeSeconds", age, "seconds from 0 (always wait for a new report) to 86400"),
            };
        }

        if (Get(settings, "FreshReportWaitMilliseconds") is { } wait)
        {
            options = options with
            {
                FreshReportWait = int.TryParse(wait.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and <= 60_000
                    ? TimeSpan.FromMilliseconds(ms)
                    : throw Invalid(name, "FreshReportWaitMilliseconds", wait, "milliseconds from 1 to 60000"),
            };
        }

        return options;
    }

    private static string? Get(IReadOnlyDictionary<string, string?> settings, string key)
    {
        foreach (var (k, v) in settings)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(v))
            {
                return v;
            }
        }

        return null;
    }

    private static ScaleException Invalid(string name, string key, string value, string expected) =>
        new(ScaleFault.DeviceError, $"Scale {name} (hid-pos): the setting {key} = '{value}' is not valid; give {expected}.");
}
