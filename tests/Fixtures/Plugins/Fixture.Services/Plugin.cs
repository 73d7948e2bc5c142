using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Fixture.Services;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.Services", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.Services.AddSingleton(new FixtureGreeting("hello from a plugin"));
    }
}

public sealed record FixtureGreeting(string Text);
