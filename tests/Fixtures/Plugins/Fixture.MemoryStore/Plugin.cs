using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.MemoryStore;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.MemoryStore", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddStoreProvider("fixture-memory", (_, _) => new InMemoryProductionStore());
    }
}
