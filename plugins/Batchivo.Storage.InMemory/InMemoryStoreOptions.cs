namespace Batchivo.Storage.InMemory;

/// <summary>The EF Core in-memory store's settings (<c>Batchivo:Store:Settings</c>), bound from configuration.</summary>
public sealed class InMemoryStoreOptions
{
    /// <summary>The in-memory database's name; stores with the same name share data within the process.</summary>
    /// <value>Default: <see cref="InMemoryStorePlugin.DefaultDatabaseName"/>.</value>
    public string Database { get; set; } = InMemoryStorePlugin.DefaultDatabaseName;
}
