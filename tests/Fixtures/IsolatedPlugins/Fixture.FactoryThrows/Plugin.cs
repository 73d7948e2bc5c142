using System.Runtime.InteropServices;
using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.FactoryThrows;

// Loads and registers fine; its store factories fail when a store is created.
public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.FactoryThrows", "1.0.0", PluginContract.Version, "Fixture: its store factories throw.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddStoreProvider("factory-throws", (_, _) => throw new InvalidOperationException("the fixture cannot reach its server at fixture.invalid"));
        registry.AddStoreProvider("factory-native", (_, _) => NativeStore());
    }

    // A native library the plugin needs but that is not there.
    private static InMemoryProductionStore NativeStore()
    {
        NativeLibrary.Load("libbatchivo-fixture-missing-native");
        return new InMemoryProductionStore();
    }
}
