using Batchivo.Storage;
using Batchivo.Testing.Storage;

namespace Batchivo.Core.Tests.Storage;

/// <summary>
/// Core's <see cref="InMemoryProductionStore"/>, documented as the reference behaviour of a store, passes the same
/// conformance kit as the SQLite, PostgreSQL and EF InMemory stores. It keeps nothing past the instance, so a reopen
/// is the same store.
/// </summary>
public sealed class InMemoryProductionStoreConformanceTests : ProductionStoreConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override Task<IProductionStore> CreateStoreAsync() => Task.FromResult<IProductionStore>(new InMemoryProductionStore());
}
