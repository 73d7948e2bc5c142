namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>The database could not be opened or reached (missing folder, no permission, server down, bad credentials).</summary>
public sealed class StoreUnavailableException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened, e.g. <c>SQLite file /data/batchivo.db</c> (no secrets).</param>
    /// <param name="reason">Why it failed.</param>
    /// <param name="innerException">The provider's error.</param>
    public StoreUnavailableException(string store, string reason, Exception? innerException = null)
        : base($"The Batchivo store ({store}) cannot be opened: {Sentence(reason)} Check the path or connection settings and that the database is reachable; nothing was changed.", innerException)
    {
        Store = store;
    }

    // Providers' messages end with or without a full stop.
    private static string Sentence(string reason)
    {
        var trimmed = (reason ?? string.Empty).TrimEnd();
        return trimmed.Length == 0 || trimmed[^1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }
}

/// <summary>The database exists but is not a Batchivo database (another application's file or tables); it was left untouched.</summary>
public sealed class NotABatchivoDatabaseException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened.</param>
    /// <param name="reason">What was found instead.</param>
    /// <param name="innerException">The provider's error, if any.</param>
    public NotABatchivoDatabaseException(string store, string reason, Exception? innerException = null)
        : base($"The store ({store}) is not a Batchivo database: {reason} It was left untouched. Point Batchivo at a new file or an empty database, or at an existing Batchivo database.", innerException)
    {
        Store = store;
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }
}

/// <summary>The database was written by a newer Batchivo (a newer schema); this version does not read or change it.</summary>
public sealed class StoreSchemaTooNewException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened.</param>
    /// <param name="found">The schema found (version number or migration name).</param>
    /// <param name="supported">The newest schema this version knows.</param>
    public StoreSchemaTooNewException(string store, string found, string supported)
        : base($"The Batchivo database ({store}) has schema {found}, newer than this version supports ({supported}). It was left untouched. Upgrade Batchivo and its store plugin to open it.")
    {
        Store = store;
        Found = found;
        Supported = supported;
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }

    /// <summary>The schema found.</summary>
    public string Found { get; }

    /// <summary>The newest schema this version knows.</summary>
    public string Supported { get; }
}
