using System.ComponentModel.DataAnnotations;
using Batchivo.Devices;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Scales.HidPos;

/// <summary>
/// How to reach a HID POS scale; in configuration, e.g. <c>"Settings": { "Device": "/dev/hidraw0", "ReadTimeout": "00:00:02" }</c>,
/// bound with <see cref="Batchivo.Plugins.PluginSettings.Bind"/>.
/// </summary>
public sealed record HidPosScaleOptions
{
    /// <summary>The hidraw device file, e.g. /dev/hidraw0 (or a FIFO or file that carries the same reports).</summary>
    /// <value>Required; in configuration the key is <c>Device</c>.</value>
    [ConfigurationKeyName("Device")]
    [Required(ErrorMessage = "Device is missing; give the hidraw device file, e.g. /dev/hidraw0.")]
    public string DevicePath { get; init; } = string.Empty;

    /// <summary>How long a read waits for the next report before the scale counts as silent (<see cref="ScaleFault.NoReply"/>).</summary>
    /// <value>Default: 2 seconds (the scales report several times a second).</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "ReadTimeout must be from 00:00:00.001 to 00:10:00, e.g. 00:00:02.")]
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
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "MaxReportAge must be from 00:00:00 (always wait for a new report) to one day, e.g. 01:00:00.")]
    public TimeSpan MaxReportAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a read waits for a new report before it answers from the last one (see <see cref="MaxReportAge"/>).</summary>
    /// <value>Default: 300 ms (scales that report all the time send several reports in that time).</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "FreshReportWait must be from 00:00:00.001 to 00:01:00, e.g. 00:00:00.300.")]
    public TimeSpan FreshReportWait { get; init; } = TimeSpan.FromMilliseconds(300);
}
