using System.ComponentModel.DataAnnotations;

namespace Batchivo.Printers.BambuLab;

/// <summary>A Bambu Lab printer's settings (<c>Batchivo:Printers:N:Settings</c>), for its LAN MQTT service.</summary>
public sealed class BambuLabOptions
{
    /// <summary>The printer's address on the LAN (an IP address or a host name), e.g. <c>192.168.1.40</c>.</summary>
    [Required(ErrorMessage = "give the printer's IP address, e.g. 192.168.1.40 (the printer's screen: Settings, Network).")]
    public string? Host { get; set; }

    /// <summary>The MQTT port.</summary>
    /// <value>Default: 8883 (MQTT over TLS, as every Bambu Lab printer serves it).</value>
    [Range(1, 65535, ErrorMessage = "give a port between 1 and 65535 (the printer's MQTT port is 8883).")]
    public int Port { get; set; } = 8883;

    /// <summary>The printer's serial number, e.g. <c>03919D4A2404685</c>: the MQTT topics and the name its certificate is issued to.</summary>
    [Required(ErrorMessage = "give the printer's serial number (the printer's screen: Settings, Device; or the sticker on its back).")]
    public string? Serial { get; set; }

    /// <summary>The printer's LAN access code (never logged).</summary>
    [Required(ErrorMessage = "give the printer's LAN access code (the printer's screen: Settings, Network, Access Code).")]
    public string? AccessCode { get; set; }

    /// <summary>A PEM file of the certificate authorities the printer's certificate must chain to, instead of Bambu Lab's own.</summary>
    /// <value>Default: none (Bambu Lab's printer CAs, built into the plugin).</value>
    public string? CaCertificate { get; set; }

    /// <summary>How long connecting (TCP, TLS and the MQTT handshake) and the first full state may take.</summary>
    /// <value>Default: 10 s.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest report accepted; a larger one ends the connection as a protocol fault.</summary>
    /// <value>Default: 1 MiB (a full report is about 10 KiB).</value>
    [Range(1024, 64 << 20, ErrorMessage = "give a size between 1024 and 67108864 bytes.")]
    public int MaxMessageBytes { get; set; } = Devices.PrinterMessages.DefaultMaxBytes;
}
