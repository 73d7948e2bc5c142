using Batchivo.Plugins;
using Batchivo.Storage;
using Fixture.Dependency;

namespace Fixture.LazyDependency;

// Uses its dependency only when its store is created: deployed without it, it would register fine and fail later.
public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.LazyDependency", "1.0.0", PluginContract.Version, "Fixture: needs Fixture.Dependency only in its store factory.");

    public void Register(IPluginRegistry registry) => registry.AddStoreProvider("lazy-dependency", (_, _) => Create());

    private static InMemoryProductionStore Create() => new Licence().Holder.Length > 0 ? new InMemoryProductionStore() : throw new InvalidOperationException("no licence holder");
}
