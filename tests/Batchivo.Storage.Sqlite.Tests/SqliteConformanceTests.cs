using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Batchivo.Testing.Storage;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>The SQLite store, on a real temporary file, passes the conformance kit; reopening means a new store on the same file.</summary>
public sealed class SqliteConformanceTests : ProductionStoreConformanceTests, IDisposable
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    private readonly TempFolder _folder = new();
    private int _files;
    private string? _path;

    protected override async Task<IProductionStore> CreateStoreAsync()
    {
        _path = _folder.File($"store-{++_files}.db");
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(_path));
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IProductionStore> ReopenAsync(IProductionStore store)
    {
        var reopened = new EfProductionStore(SqliteStoreProvider.ForFile(_path!));
        await reopened.InitializeAsync();
        return reopened;
    }

    public void Dispose() => _folder.Dispose();
}
