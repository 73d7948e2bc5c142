using Batchivo.Hosting;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Storage.InMemory.Tests;

/// <summary>The EF InMemory store plugin loads from the real plugin folder the build produced, and registers in code.</summary>
public sealed class InMemoryPluginTests
{
    private static readonly string PluginsDirectory = Path.Combine(AppContext.BaseDirectory, "store-plugins");

    [Fact]
    public async Task The_efinmemory_plugin_loads_from_its_folder()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(PluginsDirectory));
        builder.UseStore(new StoreSettings("efinmemory", PluginSettings.Of(new Dictionary<string, string?> { ["database"] = Guid.NewGuid().ToString("N") })));
        Assert.Equal(["store:efinmemory"], Assert.Single(builder.Diagnostics.Loaded, p => p.Name == "Batchivo.Storage.InMemory").Provides);
        await using var provider = services.BuildServiceProvider();
        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
        Assert.Equal("Bambu X1C", (await production.Catalog.GetPrinterAsync("X1C")).Model);
    }

    [Fact]
    public async Task UseEfInMemoryStore_registers_the_store_in_code()
    {
        var services = new ServiceCollection();
        services.AddBatchivo().UseEfInMemoryStore("code-" + Guid.NewGuid().ToString("N"));
        await using var provider = services.BuildServiceProvider();
        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
        Assert.IsType<EfProductionStore>(provider.GetRequiredService<IProductionStore>());
        Assert.Empty(await production.Runs.ListRunsAsync());
    }
}
