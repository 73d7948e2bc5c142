using System.ComponentModel.DataAnnotations;

namespace Batchivo.Printers.Moonraker;

/// <summary>A Moonraker printer's settings (<c>Batchivo:Printers:N:Settings</c>).</summary>
public sealed class MoonrakerOptions
{
    /// <summary>Moonraker's address, e.g. <c>http://voron.local:7125</c>.</summary>
    [Required(ErrorMessage = "give Moonraker's address, e.g. http://voron.local:7125.")]
    public Uri? Url { get; set; }

    /// <summary>Moonraker's API key, when the printer is not on a trusted network (never logged).</summary>
    /// <value>Default: none (the host must be a trusted client).</value>
    public string? ApiKey { get; set; }

    /// <summary>How long one HTTP call may take.</summary>
    /// <value>Default: 10 s.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest websocket message accepted.</summary>
    /// <value>Default: 1 MiB.</value>
    [Range(1024, 64 << 20, ErrorMessage = "give a size between 1024 and 67108864 bytes.")]
    public int MaxMessageBytes { get; set; } = Devices.PrinterMessages.DefaultMaxBytes;
}
