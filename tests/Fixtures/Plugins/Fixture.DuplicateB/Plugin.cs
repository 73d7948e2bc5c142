using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.DuplicateB;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.Duplicate", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddScaleDriver("dup-b", (_, _) => throw new NotSupportedException());
    }
}
