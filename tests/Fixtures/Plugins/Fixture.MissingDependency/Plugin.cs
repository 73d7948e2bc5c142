using Batchivo.Plugins;
using Fixture.Dependency;

namespace Fixture.MissingDependency;

public sealed class Plugin : IBatchivoPlugin
{
    private readonly Licence _licence = new();

    public PluginInfo Info => new("Fixture.MissingDependency", "1.0.0", PluginContract.Version, _licence.Holder);

    public void Register(IPluginRegistry registry)
    {
    }
}
