using System.Reflection;
using Batchivo.Plugins;

namespace Batchivo.Packages.Tests;

/// <summary>Every plugin reports its assembly's name and version, never a version typed by hand.</summary>
public sealed class PluginVersionTests
{
    public static TheoryData<string> Plugins()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(Repository.Root, "plugins")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public void Reported_version_is_the_assembly_informational_version(string plugin)
    {
        var assembly = Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, plugin + ".dll"));
        var type = Assert.Single(assembly.GetExportedTypes(), t => typeof(IBatchivoPlugin).IsAssignableFrom(t) && !t.IsAbstract);
        var info = ((IBatchivoPlugin)Activator.CreateInstance(type)!).Info;

        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(informational.Split('+')[0], info.Version);
        Assert.Equal(assembly.GetName().Name, info.Name);
        Assert.Equal(PluginContract.Version, info.ContractVersion);
    }

    [Fact]
    public void A_prerelease_version_is_reported_without_build_metadata()
    {
        var info = PluginInfo.FromAssembly(typeof(PluginVersionTests), contractVersion: 7, "d");

        var informational = typeof(PluginVersionTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(informational.Split('+')[0], info.Version);
        Assert.DoesNotContain('+', info.Version);
        Assert.Equal("Batchivo.Packages.Tests", info.Name);
        Assert.Equal(7, info.ContractVersion);
        Assert.Equal("d", info.Description);
    }

    [Fact]
    public void Core_assembly_version_is_the_package_version_major_minor()
    {
        var core = typeof(IBatchivoPlugin).Assembly;
        var informational = core.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var prefix = Version.Parse(informational.Split('-')[0]);
        Assert.Equal(new Version(prefix.Major, prefix.Minor, 0, 0), core.GetName().Version);
    }

    [Fact]
    public void No_plugin_types_its_version()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "plugins"), "*Plugin.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (text.Contains("PluginInfo Info", StringComparison.Ordinal))
            {
                Assert.Contains("PluginInfo.FromAssembly(", text, StringComparison.Ordinal);
            }
        }
    }
}
