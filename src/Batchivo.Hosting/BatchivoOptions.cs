using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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
/// <remarks>
/// Validated with DataAnnotations when the host starts (<c>ValidateOnStart</c>) or, without a host, when first read;
/// an invalid value raises <see cref="OptionsValidationException"/> naming the setting. <see cref="Plugins"/> is read
/// when <c>AddBatchivo</c> is called (plugins register services); everything else is read when the services are
/// first resolved, so a later <c>services.Configure&lt;BatchivoOptions&gt;(...)</c> takes effect.
/// </remarks>
public sealed class BatchivoOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Batchivo";

    /// <summary>Where plugins are loaded from, and which.</summary>
    [ValidateObjectMembers]
    public PluginOptions Plugins { get; set; } = new();

    /// <summary>The selected store, or null to select one in code.</summary>
    [ValidateObjectMembers]
    public StoreOptions? Store { get; set; }

    /// <summary>The scales.</summary>
    /// <value>Default: none.</value>
    [ValidateEnumeratedItems]
    public IList<ScaleOptions> Scales { get; } = [];

    /// <summary>The printer connections.</summary>
    /// <value>Default: none.</value>
    [ValidateEnumeratedItems]
    public IList<PrinterConnectionOptions> Printers { get; } = [];
}

/// <summary>Where plugins are loaded from, and which.</summary>
public sealed class PluginOptions : IValidatableObject
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
    [Range(typeof(TimeSpan), "00:00:00.001", "10675199.02:48:05.4775807", ErrorMessage = "Batchivo:Plugins:RegistrationTimeout must be a positive time, e.g. 00:00:10.")]
    public TimeSpan RegistrationTimeout { get; set; } = DefaultRegistrationTimeout;

    /// <summary>When not empty, only the plugin folders with these names are loaded.</summary>
    /// <value>Default: empty (every folder).</value>
    public IList<string> Enabled { get; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Directories.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Batchivo:Plugins:Directories has an empty entry; remove it or name a directory.", [nameof(Directories)]);
        }
    }
}

/// <summary>The selected store.</summary>
public sealed class StoreOptions
{
    /// <summary>The store provider's name, e.g. sqlite.</summary>
    [Required(ErrorMessage = "Batchivo:Store:Provider is empty; name a store provider such as sqlite.")]
    public string Provider { get; set; } = string.Empty;

    /// <summary>Provider settings (path, connection string...).</summary>
    /// <value>Default: none.</value>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One scale.</summary>
public sealed class ScaleOptions
{
    /// <summary>The scale's name in the host, e.g. bench.</summary>
    [Required(ErrorMessage = "Each entry of Batchivo:Scales needs a Name, e.g. bench.")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The driver's name, e.g. mt-sics or simulated.</summary>
    [Required(ErrorMessage = "Each entry of Batchivo:Scales needs a Driver, e.g. mt-sics or simulated.")]
    public string Driver { get; set; } = string.Empty;

    /// <summary>Driver settings (port, baud rate, parity...).</summary>
    /// <value>Default: none.</value>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One printer connection.</summary>
public sealed class PrinterConnectionOptions
{
    /// <summary>The printer's name in the catalog.</summary>
    [Required(ErrorMessage = "Each entry of Batchivo:Printers needs a Printer (its name in the catalog).")]
    public string Printer { get; set; } = string.Empty;

    /// <summary>The connector's name.</summary>
    [Required(ErrorMessage = "Each entry of Batchivo:Printers needs a Connector.")]
    public string Connector { get; set; } = string.Empty;

    /// <summary>True when the printer's reported filament is trusted as the usage (a shop without a scale): a finished job then completes its run.</summary>
    /// <value>Default: false (a finished job's run waits for its weights after).</value>
    public bool TrustedForUsage { get; set; }

    /// <summary>Connector settings (address, key...).</summary>
    /// <value>Default: none.</value>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}
