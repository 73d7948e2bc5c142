using System.ComponentModel.DataAnnotations;

namespace Batchivo.Printers.OctoPrint;

/// <summary>An OctoPrint printer's settings (<c>Batchivo:Printers:N:Settings</c>).</summary>
public sealed class OctoPrintOptions
{
    /// <summary>OctoPrint's address, e.g. <c>http://octopi.local/</c>.</summary>
    [Required(ErrorMessage = "give OctoPrint's address, e.g. http://octopi.local/.")]
    public Uri? Url { get; set; }

    /// <summary>An API key of an OctoPrint user with the STATUS and FILES_LIST permissions (never logged).</summary>
    [Required(ErrorMessage = "give an OctoPrint API key (User settings > Application keys, or the user's API key).")]
    public string? ApiKey { get; set; }

    /// <summary>How long one HTTP call, or the push socket's opening, may take.</summary>
    /// <value>Default: 10 s.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest push message or HTTP answer accepted.</summary>
    /// <value>Default: 1 MiB.</value>
    [Range(1024, 64 << 20, ErrorMessage = "give a size between 1024 and 67108864 bytes.")]
    public int MaxMessageBytes { get; set; } = Devices.PrinterMessages.DefaultMaxBytes;
}
