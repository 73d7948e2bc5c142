using Batchivo.Plugins;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fixture.ThrowsInRegister;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.ThrowsInRegister", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddStoreProvider("half-registered", (_, _) => new InMemoryProductionStore());
        registry.Services.AddSingleton(new LeakedService());
        throw new InvalidOperationException("the fixture failed half-way through Register");
    }
}
public sealed class LeakedService;
