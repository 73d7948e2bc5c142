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
public sealed class NotABatchivoDatabaseException : StoreInputException
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

/// <summary>
/// The database is damaged (a table is missing, pages are corrupt, or the storage failed under it); the store refuses
/// it before writing anything, and leaves it untouched.
/// </summary>
public sealed class StoreDamagedException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened.</param>
    /// <param name="reason">What is damaged.</param>
    /// <param name="innerException">The provider's error, if any.</param>
    public StoreDamagedException(string store, string reason, Exception? innerException = null)
        : base($"The Batchivo database ({store}) is damaged: {reason} It was left untouched and nothing was written. Restore it from a backup (or a copy), or point Batchivo at another database.", innerException)
    {
        Store = store;
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }
}

/// <summary>
/// The database's environment refused an operation: the disk is full, the file or its folder is read-only, or the
/// database stayed locked by another process past the timeout. Nothing of the operation was stored.
/// </summary>
public sealed class StoreEnvironmentException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened.</param>
    /// <param name="cause">What failed, e.g. <c>the disk is full</c>.</param>
    /// <param name="remedy">What to do, e.g. <c>Free some space and run the command again.</c></param>
    /// <param name="innerException">The provider's error.</param>
    public StoreEnvironmentException(string store, string cause, string remedy, Exception? innerException = null)
        : base($"The Batchivo store ({store}) cannot be used: {cause} Nothing was stored. {remedy}", innerException)
    {
        Store = store;
        Cause = cause;
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }

    /// <summary>What failed.</summary>
    public string Cause { get; }
}

/// <summary>The connection to the database was lost (the server stopped or the network failed); nothing of the operation was stored.</summary>
public sealed class StoreConnectionLostException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened.</param>
    /// <param name="detail">What the connection reported, in plain words.</param>
    /// <param name="innerException">The provider's error.</param>
    public StoreConnectionLostException(string store, string detail, Exception? innerException = null)
        : base($"The connection to the Batchivo store ({store}) was lost: {detail.TrimEnd('.')}. Nothing was stored. Check that the database server is running and reachable, then run the command again.", innerException)
    {
        Store = store;
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }
}

/// <summary>
/// The connection was lost while a commit was being confirmed, and the store could not read back whether it was
/// stored: the change may or may not be in the database. The message names what to check before trying again.
/// </summary>
public sealed class CommitOutcomeUnknownException : BatchivoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What was opened.</param>
    /// <param name="entities">What the commit changed, e.g. <c>run #12, spool PLA-001</c>.</param>
    /// <param name="innerException">The lost connection.</param>
    public CommitOutcomeUnknownException(string store, string entities, Exception? innerException = null)
        : base($"The connection to the Batchivo store ({store}) was lost while the change was being stored, and the database could not be reached again to tell whether it was: it may or may not be stored. Once the database is reachable, check {entities} (e.g. with 'show') before running the command again.", innerException)
    {
        Store = store;
        Entities = entities;
    }

    /// <summary>What was opened.</summary>
    public string Store { get; }

    /// <summary>What the commit changed.</summary>
    public string Entities { get; }
}
