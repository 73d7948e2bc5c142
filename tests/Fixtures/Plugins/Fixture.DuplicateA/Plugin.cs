using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.DuplicateA;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.Duplicate", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddScaleDriver("dup-a", (_, _) => throw new NotSupportedException());
    }
}
