using Microsoft.Extensions.Logging;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>The EF Core store's log messages (category <c>Batchivo.Storage.EntityFrameworkCore</c>, event ids 3000-3099). Settings and connection strings are never logged: only the provider's description.</summary>
internal static partial class StoreLog
{
    public const string Category = "Batchivo.Storage.EntityFrameworkCore";

    [LoggerMessage(EventId = 3001, EventName = "StoreOpened", Level = LogLevel.Information, Message = "{Store} opened in {Milliseconds} ms")]
    public static partial void StoreOpened(ILogger logger, string store, long milliseconds);

    [LoggerMessage(EventId = 3002, EventName = "DatabaseCreated", Level = LogLevel.Information, Message = "{Store}: database created with migrations {Migrations}")]
    public static partial void DatabaseCreated(ILogger logger, string store, string migrations);

    [LoggerMessage(EventId = 3003, EventName = "DatabaseMigrated", Level = LogLevel.Information, Message = "{Store}: migrations {Migrations} applied")]
    public static partial void DatabaseMigrated(ILogger logger, string store, string migrations);

    [LoggerMessage(EventId = 3004, EventName = "StoreOpenFailed", Level = LogLevel.Error, Message = "{Store} could not be opened: {Error}")]
    public static partial void StoreOpenFailed(ILogger logger, string store, string error);

    [LoggerMessage(EventId = 3010, EventName = "ConcurrencyConflict", Level = LogLevel.Information, Message = "{Store}: write refused, the {Entity} {Key} changed since it was read (version {ExpectedVersion}); nothing was stored")]
    public static partial void ConcurrencyConflict(ILogger logger, string store, string entity, string key, long expectedVersion);

    [LoggerMessage(EventId = 3011, EventName = "DuplicateKey", Level = LogLevel.Information, Message = "{Store}: write refused on a duplicate key: {Detail}")]
    public static partial void DuplicateKey(ILogger logger, string store, string detail);
}
