using Acme.Plugin;
using Batchivo.Storage;
using Batchivo.Testing.Storage;

namespace Acme.Plugin.Tests;

/// <summary>The store passes Batchivo's store conformance kit.</summary>
public sealed class AcmePluginStoreConformanceTests : ProductionStoreConformanceTests
{
    // The kit's cases, declared here: xunit v3's analyzer cannot read a data member inherited from a package.
    public static IEnumerable<object[]> KitCases => Cases;

    // Every case of the kit runs as one test. Keep the attributes: without them nothing runs.
    [Theory]
    [MemberData(nameof(KitCases))]
    public override Task Conformance(string name) => RunAsync(name);

    // A new, empty store for each case. A store on a file or a server creates it here and deletes it in Dispose,
    // and overrides ReopenAsync to read back through a second instance.
    protected override Task<IProductionStore> CreateStoreAsync() => Task.FromResult<IProductionStore>(new AcmePluginStore());
}
