namespace Batchivo.Hosting;

/// <summary>Why a plugin was not loaded.</summary>
public enum PluginRefusal
{
    /// <summary>The folder or file name is not a plain name, or the file resolves outside the plugin directory.</summary>
    OutsideDirectory,

    /// <summary>The folder has no <c>&lt;Name&gt;.dll</c>.</summary>
    FileMissing,

    /// <summary>An allowlist is configured and the plugin folder's SHA-256 (over all its files) is not on it.</summary>
    NotAllowed,

    /// <summary>The file is not a valid .NET assembly.</summary>
    Corrupt,

    /// <summary>The plugin was built against another plugin contract (Batchivo.Core) version.</summary>
    ContractMismatch,

    /// <summary>The assembly has no class implementing <c>IBatchivoPlugin</c>, or several.</summary>
    NoPluginClass,

    /// <summary>An assembly the plugin depends on is missing.</summary>
    MissingDependency,

    /// <summary>The plugin's constructor or <c>Info</c> threw.</summary>
    ConstructorFailed,

    /// <summary>The plugin's <c>Register</c> threw; nothing it registered was kept.</summary>
    RegisterFailed,

    /// <summary>Another plugin already has this name, or already provides a store, driver, connector or reader of the same name.</summary>
    DuplicateName,

    /// <summary>The plugin's information is invalid (e.g. no name).</summary>
    InvalidInfo,

    /// <summary>Loading failed for another reason.</summary>
    LoadFailed,

    /// <summary>The plugin's constructor, <c>Info</c> or <c>Register</c> took longer than the time limit (<see cref="PluginOptions.RegistrationTimeout"/>).</summary>
    TimedOut,
}

/// <summary>A plugin the host loaded.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The plugin's version.</param>
/// <param name="ContractVersion">The contract version it was built against.</param>
/// <param name="File">The assembly file, or null when registered in code.</param>
/// <param name="Sha256">The plugin folder's SHA-256 (hex, lower case, see <see cref="PluginFolderHash"/>), or null when registered in code.</param>
/// <param name="Provides">
/// What it registered, by kind and name: <c>store:sqlite</c>, <c>scale:mt-sics</c>, <c>printer:octoprint</c>,
/// <c>slicer:prusaslicer</c>, and <c>service:&lt;type&gt;</c> for each service type it added to the host's services.
/// </param>
public sealed record LoadedPlugin(string Name, string Version, int ContractVersion, string? File, string? Sha256, IReadOnlyList<string> Provides)
{
    private readonly Lazy<string?>? _sha256OnDemand;

    // A plugin loaded without an allowlist: its hash serves only the diagnostics and is computed when first read.
    internal LoadedPlugin(string name, string version, int contractVersion, string file, Lazy<string?> sha256, IReadOnlyList<string> provides)
        : this(name, version, contractVersion, file, (string?)null, provides) =>
        _sha256OnDemand = sha256;

    /// <summary>
    /// The plugin folder's SHA-256 (hex, lower case, over every file of the folder: see <see cref="PluginFolderHash"/>),
    /// the value an allowlist lists; null when registered in code. When the host has an allowlist it is the hash
    /// checked before loading; otherwise it is computed from the folder when first read (and kept), and is null if
    /// the folder can no longer be read by then.
    /// </summary>
    public string? Sha256
    {
        get => field ?? _sha256OnDemand?.Value;
        init
        {
            field = value;
            _sha256OnDemand = null;
        }
    } = Sha256;

    /// <summary>How long checking, loading, creating and registering the plugin took (not part of equality).</summary>
    /// <value>Zero until measured.</value>
    public TimeSpan LoadTime { get; init; }

    /// <inheritdoc />
    public bool Equals(LoadedPlugin? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Version, other.Version, StringComparison.Ordinal)
        && ContractVersion == other.ContractVersion
        && string.Equals(File, other.File, StringComparison.Ordinal)
        && EqualityComparer<IReadOnlyList<string>>.Default.Equals(Provides, other.Provides)
        && string.Equals(Sha256, other.Sha256, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Version, ContractVersion, File, Provides);
}

/// <summary>A plugin the host refused.</summary>
/// <param name="File">The assembly file (or folder) concerned.</param>
/// <param name="Name">The plugin's name, when known (else the folder's).</param>
/// <param name="Reason">Why.</param>
/// <param name="Message">What was wrong and what to do.</param>
public sealed record RefusedPlugin(string File, string Name, PluginRefusal Reason, string Message);

/// <summary>What the host loaded and what it refused, and why. Registered as a singleton.</summary>
/// <remarks>Thread-safe for reading once the service provider is built.</remarks>
public sealed class PluginDiagnostics
{
    private readonly List<LoadedPlugin> _loaded = [];
    private readonly List<RefusedPlugin> _refused = [];

    /// <summary>Plugins loaded, in load order.</summary>
    public IReadOnlyList<LoadedPlugin> Loaded => _loaded;

    /// <summary>Plugins refused, in load order.</summary>
    public IReadOnlyList<RefusedPlugin> Refused => _refused;

    /// <summary>One line per plugin, e.g. for logs.</summary>
    /// <returns>The lines.</returns>
    public IEnumerable<string> Describe()
    {
        foreach (var p in _loaded)
        {
            var origin = p.File is null ? "(registered in code)" : $"{p.File} {p.Sha256}";
            var provides = p.Provides.Count == 0 ? "nothing" : string.Join(", ", p.Provides);
            yield return $"loaded  {p.Name} {p.Version} (contract {p.ContractVersion}) {origin} provides {provides}";
        }

        foreach (var p in _refused)
        {
            yield return $"refused {p.Name}: {p.Reason}: {p.Message}";
        }
    }

    internal void Add(LoadedPlugin plugin) => _loaded.Add(plugin);

    internal void SetLastLoadTime(TimeSpan loadTime) => _loaded[^1] = _loaded[^1] with { LoadTime = loadTime };

    internal void Add(RefusedPlugin plugin) => _refused.Add(plugin);
}
