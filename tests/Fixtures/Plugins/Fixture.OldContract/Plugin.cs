using Batchivo.Plugins;

namespace Fixture.OldContract;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.OldContract", "1.0.0", PluginContract.Version);

    public void Register(IPluginRegistry registry)
    {
    }
}
