using Batchivo.Plugins;

namespace Fixture.NewContract;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.NewContract", "1.0.0", PluginContract.Version);

    public void Register(IPluginRegistry registry)
    {
    }
}
