using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;

namespace Batchivo.Core.Tests.Production;

/// <summary>A spool given at the version its caller read.</summary>
public sealed class SpoolRefTests
{
    [Fact]
    public async Task A_spool_change_at_an_older_version_is_a_conflict_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var read = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        await seed.Service.Catalog.WeighSpoolAsync("PLA-001", Mass.FromGrams(1240));

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            seed.Service.Catalog.EditSpoolAsync(new SpoolRef("PLA-001", read.Version), new SpoolEdit(Tare: Mass.FromGrams(240))));

        Assert.Equal(("spool", "PLA-001"), (error.Entity, error.Key));
        Assert.Equal(250m, (await seed.Service.Catalog.GetSpoolAsync("PLA-001")).Tare!.Value.Grams);
        var current = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        Assert.Equal(240m, (await seed.Service.Catalog.EditSpoolAsync(new SpoolRef("PLA-001", current.Version), new SpoolEdit(Tare: Mass.FromGrams(240)))).Tare!.Value.Grams);
    }
}
