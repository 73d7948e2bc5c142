using System.Collections.Concurrent;
using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Batchivo.Storage.InMemory;

/// <summary>
/// The EF Core InMemory provider of <see cref="EfProductionStore"/>. The provider has no transactions and no unique
/// indexes, so every operation on one database runs under one lock, and a change set is checked whole (versions and
/// unique keys) before any of it is saved.
/// </summary>
/// <remarks>Thread-safe. Stores with the same database name share the data (and the lock) within the process.</remarks>
public sealed class InMemoryStoreProvider : EfStoreProvider
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly InMemoryDatabaseRoot _root;

    /// <summary>Creates the provider for a named database in a root.</summary>
    /// <param name="databaseName">The database name; stores with the same name and root share data.</param>
    /// <param name="root">The root holding the databases; null for the process-wide root.</param>
    public InMemoryStoreProvider(string databaseName, InMemoryDatabaseRoot? root = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        DatabaseName = databaseName;
        _root = root ?? SharedRoot;
        ExclusiveGate = Gates.GetOrAdd($"{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_root)}/{databaseName}", _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>The process-wide root of named databases.</summary>
    public static InMemoryDatabaseRoot SharedRoot { get; } = new();

    /// <summary>The database name.</summary>
    public string DatabaseName { get; }

    /// <inheritdoc />
    public override string Description => $"EF Core in-memory database '{DatabaseName}'";

    /// <inheritdoc />
    /// <value>False: operations are serialised under <see cref="ExclusiveGate"/>.</value>
    public override bool SupportsTransactions => false;

    /// <inheritdoc />
    public override SemaphoreSlim? ExclusiveGate { get; }

    /// <inheritdoc />
    public override void ConfigureDbContext(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseInMemoryDatabase(DatabaseName, _root);
    }

    /// <inheritdoc />
    /// <remarks>Creates the database with its seed rows (schema marker, run-number sequence).</remarks>
    public override Task InitializeAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Database.EnsureCreatedAsync(cancellationToken);
    }
}
