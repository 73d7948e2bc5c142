using System.ComponentModel.DataAnnotations;

namespace Batchivo.Hosting;

/// <summary>
/// Batchivo's host settings, usually bound from the <c>Batchivo</c> configuration section:
/// <code>
/// "Batchivo": {
///   "Plugins": { "Directories": [ "plugins" ], "AllowedSha256": [ ] },
///   "Store": { "Provider": "sqlite", "Settings": { "Path": "batchivo.db" } },
///   "Scales": [ { "Name": "bench", "Driver": "mt-sics", "Settings": { "Port": "/dev/ttyUSB0", "BaudRate": "9600" } } ],
///   "Printers": [ { "Printer": "P1S-1", "Connector": "octoprint", "Settings": { "Url": "http://..." } } ]
/// }
/// </code>
/// </summary>
public sealed class BatchivoOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Batchivo";

    /// <summary>Where plugins are loaded from, and which.</summary>
    public PluginOptions Plugins { get; set; } = new();

    /// <summary>The selected store, or null to select one in code.</summary>
    public StoreOptions? Store { get; set; }

    /// <summary>The scales.</summary>
    /// <value>Default: none.</value>
    public IList<ScaleOptions> Scales { get; } = [];

    /// <summary>The printer connections.</summary>
    /// <value>Default: none.</value>
    public IList<PrinterConnectionOptions> Printers { get; } = [];
}

/// <summary>Where plugins are loaded from, and which.</summary>
public sealed class PluginOptions
{
    /// <summary>
    /// Directories holding one folder per plugin (<c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>). Relative paths are
    /// relative to the host's base directory. Plugins load only from these.
    /// </summary>
    /// <value>Default: none (the host adds its own, e.g. <c>plugins</c> next to the program).</value>
    public IList<string> Directories { get; } = [];

    /// <summary>
    /// When not empty, only plugin folders whose SHA-256 (hex, any case) is listed are loaded; others are refused. The
    /// hash covers every file of the plugin's folder (its assembly, dependencies, native libraries, deps.json and
    /// runtimeconfig.json): see <see cref="PluginFolderHash"/>.
    /// </summary>
    /// <value>Default: empty (no allowlist).</value>
    public IList<string> AllowedSha256 { get; } = [];

    /// <summary>The default of <see cref="RegistrationTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultRegistrationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a plugin's constructor (with reading its <c>Info</c>) and its <c>Register</c> may each take; a plugin
    /// that takes longer is refused (<see cref="PluginRefusal.TimedOut"/>) and the host goes on. It cannot protect
    /// against a plugin that ends the process (<c>Environment.Exit</c>, a stack overflow, a native crash).
    /// </summary>
    /// <value>Default: 10 seconds. Must be positive.</value>
    public TimeSpan RegistrationTimeout { get; set; } = DefaultRegistrationTimeout;

    /// <summary>When not empty, only the plugin folders with these names are loaded.</summary>
    /// <value>Default: empty (every folder).</value>
    public IList<string> Enabled { get; } = [];
}

/// <summary>The selected store.</summary>
public sealed class StoreOptions
{
    /// <summary>The store provider's name, e.g. sqlite.</summary>
    [Required]
    public string Provider { get; set; } = string.Empty;

    /// <summary>Provider settings (path, connection string...).</summary>
    /// <value>Default: none.</value>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One scale.</summary>
public sealed class ScaleOptions
{
    /// <summary>The scale's name in the host, e.g. bench.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>The driver's name, e.g. mt-sics or simulated.</summary>
    [Required]
    public string Driver { get; set; } = string.Empty;

    /// <summary>Driver settings (port, baud rate, parity...).</summary>
    /// <value>Default: none.</value>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One printer connection.</summary>
public sealed class PrinterConnectionOptions
{
    /// <summary>The printer's name in the catalog.</summary>
    [Required]
    public string Printer { get; set; } = string.Empty;

    /// <summary>The connector's name.</summary>
    [Required]
    public string Connector { get; set; } = string.Empty;

    /// <summary>Connector settings (address, key...).</summary>
    /// <value>Default: none.</value>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}
