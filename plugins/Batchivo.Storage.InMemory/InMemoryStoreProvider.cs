using System.Collections.Concurrent;
using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Batchivo.Storage.InMemory;

/// <summary>
/// The EF Core InMemory provider of <see cref="EfProductionStore"/>. The database isolates nothing (no transactions,
/// no unique indexes, tables not safe to read while written), so the provider runs one store call at a time per
/// database (<see cref="RunAsync{T}"/>): a commit's reads, checks and save then see no other writer, and the checks the
/// store makes before it saves (versions, unique keys) decide alone.
/// </summary>
/// <remarks>Thread-safe. Stores with the same database name share the data (and the lock) within the process.</remarks>
public sealed class InMemoryStoreProvider : EfStoreProvider
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly InMemoryDatabaseRoot _root;
    private readonly SemaphoreSlim _gate;

    /// <summary>Creates the provider for a named database in a root.</summary>
    /// <param name="databaseName">The database name; stores with the same name and root share data.</param>
    /// <param name="root">The root holding the databases; null for the process-wide root.</param>
    public InMemoryStoreProvider(string databaseName, InMemoryDatabaseRoot? root = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        DatabaseName = databaseName;
        _root = root ?? SharedRoot;
        _gate = Gates.GetOrAdd($"{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_root)}/{databaseName}", _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>The process-wide root of named databases.</summary>
    public static InMemoryDatabaseRoot SharedRoot { get; } = new();

    /// <summary>The database name.</summary>
    public string DatabaseName { get; }

    /// <inheritdoc />
    public override string Description => $"EF Core in-memory database '{DatabaseName}'";

    /// <inheritdoc />
    /// <remarks>One call at a time per database: stores on the same database (name and root) share the lock.</remarks>
    public override async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>The store's transactions are EF Core's no-op in-memory ones: <see cref="RunAsync{T}"/> isolates the calls.</remarks>
    public override void ConfigureDbContext(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseInMemoryDatabase(DatabaseName, _root)
            .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning));
    }

    /// <inheritdoc />
    /// <remarks>Creates the database with its seed rows (schema marker, run-number sequence).</remarks>
    public override Task InitializeAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Database.EnsureCreatedAsync(cancellationToken);
    }
}
