using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Samples.Contracts;

/// <summary>What an API key may do: read, or read and write.</summary>
public enum ApiScope
{
    /// <summary>Read: every GET of the API.</summary>
    Read,

    /// <summary>Read and write: every call of the API.</summary>
    Write,
}

/// <summary>An API key as listed: never its secret, which is shown once, when it is created.</summary>
public sealed record ApiKeyJson(string Name, ApiScope Scope, string Id, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new key and its secret: the only time the secret is shown.</summary>
public sealed record CreatedKeyJson(ApiKeyJson Key, string Secret);

/// <summary>
/// The web host's API keys, in one JSON file per installation (the user's data folder, next to the embedded database,
/// or <c>Batchivo:Web:KeysFile</c>): the console creates, lists and revokes them, the web host checks them. The file
/// holds each key's SHA-256 hash, never the key. A key is <c>bvo_ID_SECRET</c>: the id finds the entry, the hash of
/// the whole key is compared in constant time. A key has 256 random bits, so a fast hash is enough.
/// </summary>
/// <remarks>
/// Changes take a lock file and replace the file in one rename, so two consoles never lose each other's keys and a
/// crash never leaves half a file. Checks read the file each time: a revoked key stops working at the next request.
/// </remarks>
public sealed class ApiKeyFile
{
    /// <summary>The configuration key that moves the file.</summary>
    public const string PathSetting = "Batchivo:Web:KeysFile";

    private const string Prefix = "bvo_";

    private static readonly JsonSerializerOptions Json = new(ContractJson.Options) { WriteIndented = true };

    private readonly TimeProvider _time;

    /// <summary>Opens the key file at <paramref name="path"/> (it need not exist yet).</summary>
    public ApiKeyFile(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Where the key file is by default: the user's data folder, beside the embedded database.</summary>
    public static string DefaultPath => Path.Combine(Path.GetDirectoryName(SampleStore.DefaultDatabasePath)!, "api-keys.json");

    /// <summary>The key file the configuration names, else <see cref="DefaultPath"/>.</summary>
    public static ApiKeyFile From(IConfiguration configuration) =>
        new(configuration[PathSetting] is { Length: > 0 } path ? path : DefaultPath);

    /// <summary>The keys, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiKeyJson> List() => [.. Read().Select(e => e.Json)];

    /// <summary>Whether any key is active.</summary>
    public bool HasActiveKeys() => Read().Any(e => e.RevokedAt is null);

    /// <summary>Creates a key; its secret is returned once and stored only as a hash.</summary>
    /// <exception cref="DomainRuleException">An active key has this name.</exception>
    public CreatedKeyJson Add(string name, ApiScope scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Change(entries =>
        {
            if (entries.Any(e => e.RevokedAt is null && string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                throw new DomainRuleException(DomainRule.CatalogValue, $"An active API key is already named '{name.Trim()}'. Choose another name, or revoke that key first (batchivo keys revoke {name.Trim()}).");
            }

            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var secret = $"{Prefix}{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
            var entry = new Entry(name.Trim(), scope, id, Hash(secret), _time.GetUtcNow(), null);
            entries.Add(entry);
            return new CreatedKeyJson(entry.Json, secret);
        });
    }

    /// <summary>Revokes the active key of this name (or id): it stops working at once.</summary>
    /// <exception cref="NotFoundException">No active key has this name or id.</exception>
    public ApiKeyJson Revoke(string nameOrId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrId);
        return Change(entries =>
        {
            var index = entries.FindIndex(e => e.RevokedAt is null && (string.Equals(e.Name, nameOrId.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(e.Id, nameOrId.Trim(), StringComparison.OrdinalIgnoreCase)));
            if (index < 0)
            {
                throw new NotFoundException("API key", nameOrId.Trim());
            }

            entries[index] = entries[index] with { RevokedAt = _time.GetUtcNow() };
            return entries[index].Json;
        });
    }

    /// <summary>The active key a presented secret is, or null.</summary>
    public ApiKeyJson? Verify(string? presented)
    {
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var id = presented.Split('_') is [_, var i, ..] ? i : string.Empty;
        var hash = Convert.FromHexString(Hash(presented));
        var entry = Read().FirstOrDefault(e => e.RevokedAt is null && string.Equals(e.Id, id, StringComparison.Ordinal));
        return entry is not null && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(entry.Sha256)) ? entry.Json : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // The file is read at every check: it is small, the system caches it, and a key revoked by the console stops
    // working at the next request.
    private List<Entry> Read() => Load();

    private List<Entry> Load()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize<List<Entry>>(File.ReadAllBytes(FilePath), Json) ?? [] : [];
        }
        catch (JsonException e)
        {
            throw new IOException($"The API key file {FilePath} is not valid JSON ({e.Message}). Restore it from a backup, or delete it and create the keys again.", e);
        }
    }

    private T Change<T>(Func<List<Entry>, T> change)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var gate = AcquireLock();
        var entries = Load();
        var result = change(entries);
        var temporary = FilePath + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(entries, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: true);
        return result;
    }

    private FileStream AcquireLock()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(FilePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    private sealed record Entry(string Name, ApiScope Scope, string Id, string Sha256, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
    {
        [JsonIgnore]
        public ApiKeyJson Json => new(Name, Scope, Id, CreatedAt, RevokedAt);
    }
}
