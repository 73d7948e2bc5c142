using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Plugins;

public static class PluginContract
{
    public const int Version = 2;
}

public sealed record PluginInfo(string Name, string Version, int ContractVersion, string? Description = null);

public interface IBatchivoPlugin
{
    PluginInfo Info { get; }

    void Register(IPluginRegistry registry);
}

public interface IPluginRegistry
{
    IServiceCollection Services { get; }
}
