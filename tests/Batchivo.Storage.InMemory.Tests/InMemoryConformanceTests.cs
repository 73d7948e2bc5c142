using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.InMemory;
using Batchivo.Testing.Storage;
using Microsoft.EntityFrameworkCore.Storage;

namespace Batchivo.Storage.InMemory.Tests;

/// <summary>The EF InMemory store passes the conformance kit; reopening means a new store on the same named database.</summary>
public sealed class InMemoryConformanceTests : ProductionStoreConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    private readonly InMemoryDatabaseRoot _root = new();
    private string _name = "";

    protected override Task<IProductionStore> CreateStoreAsync()
    {
        _name = Guid.NewGuid().ToString("N");
        return Task.FromResult<IProductionStore>(new EfProductionStore(new InMemoryStoreProvider(_name, _root)));
    }

    protected override Task<IProductionStore> ReopenAsync(IProductionStore store) =>
        Task.FromResult<IProductionStore>(new EfProductionStore(new InMemoryStoreProvider(_name, _root)));
}
