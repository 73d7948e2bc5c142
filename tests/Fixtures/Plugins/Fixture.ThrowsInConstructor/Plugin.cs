using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.ThrowsInConstructor;

public sealed class Plugin : IBatchivoPlugin
{
    public Plugin() => throw new InvalidOperationException("the fixture cannot find its license file");

    public PluginInfo Info => new("Fixture.ThrowsInConstructor", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddStoreProvider("never", (_, _) => new InMemoryProductionStore());
    }
}
