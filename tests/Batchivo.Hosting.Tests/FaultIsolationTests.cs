using Batchivo.Hosting.Tests.Support;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests;

/// <summary>Every broken fixture plugin is refused with the right reason and a message naming the cause; the host goes on.</summary>
public sealed class FaultIsolationTests
{
    public static TheoryData<string, string, PluginRefusal, string> BrokenPlugins => new()
    {
        { FixturePlugins.ThrowsInConstructor, "Fixture.ThrowsInConstructor", PluginRefusal.ConstructorFailed, "license file" },
        { FixturePlugins.ThrowsInRegister, "Fixture.ThrowsInRegister", PluginRefusal.RegisterFailed, "half-way" },
        { FixturePlugins.MissingDependency, "Fixture.MissingDependency", PluginRefusal.MissingDependency, "Fixture.Dependency" },
        { FixturePlugins.LazyDependency, "Fixture.LazyDependency", PluginRefusal.MissingDependency, "Fixture.Dependency.dll" },
        { FixturePlugins.NewContract, "Fixture.NewContract", PluginRefusal.ContractMismatch, "Batchivo.Core 2.0" },
        { FixturePlugins.OldContract, "Fixture.OldContract", PluginRefusal.ContractMismatch, "Batchivo.Core 0.9" },
        { FixturePlugins.DuplicateB, "Fixture.Duplicate", PluginRefusal.DuplicateName, "'Fixture.Duplicate' is already loaded" },
        { FixturePlugins.ProviderClash, "Fixture.ProviderClash", PluginRefusal.DuplicateName, "'fixture-memory'" },
        { FixturePlugins.NoPluginClass, "Fixture.NoPluginClass", PluginRefusal.NoPluginClass, "IBatchivoPlugin" },
        { FixturePlugins.Corrupt, "Fixture.Corrupt", PluginRefusal.Corrupt, "not a valid .NET assembly" },
        { FixturePlugins.EmptyFolder, "Fixture.EmptyFolder", PluginRefusal.FileMissing, "no Fixture.EmptyFolder.dll" },
    };

    [Theory]
    [MemberData(nameof(BrokenPlugins))]
    public void A_broken_plugin_is_refused_with_its_reason_and_cause(string folder, string name, PluginRefusal reason, string cause)
    {
        var (_, builder) = FixturePlugins.LoadAll();

        var refused = Assert.Single(builder.Diagnostics.Refused, r => r.File == FixturePlugins.File(folder) || r.File == Path.Combine(FixturePlugins.Directory, folder));
        Assert.Equal(name, refused.Name);
        Assert.Equal(reason, refused.Reason);
        Assert.Contains(cause, refused.Message, StringComparison.Ordinal);
        Assert.Contains(builder.Diagnostics.Describe(), line => line == $"refused {name}: {reason}: {refused.Message}");
    }

    [Theory]
    [InlineData(FixturePlugins.ThrowsInConstructor, PluginRefusal.ConstructorFailed)]
    [InlineData(FixturePlugins.ThrowsInRegister, PluginRefusal.RegisterFailed)]
    [InlineData(FixturePlugins.MissingDependency, PluginRefusal.MissingDependency)]
    [InlineData(FixturePlugins.LazyDependency, PluginRefusal.MissingDependency)]
    [InlineData(FixturePlugins.NewContract, PluginRefusal.ContractMismatch)]
    [InlineData(FixturePlugins.OldContract, PluginRefusal.ContractMismatch)]
    [InlineData(FixturePlugins.NoPluginClass, PluginRefusal.NoPluginClass)]
    [InlineData(FixturePlugins.Corrupt, PluginRefusal.Corrupt)]
    [InlineData(FixturePlugins.EmptyFolder, PluginRefusal.FileMissing)]
    public void A_broken_plugin_alone_is_refused_for_its_own_fault(string folder, PluginRefusal reason)
    {
        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.Enabled.Add(folder));

        Assert.Empty(builder.Diagnostics.Loaded);
        Assert.Equal(reason, Assert.Single(builder.Diagnostics.Refused).Reason);
    }

    [Theory]
    [InlineData(FixturePlugins.DuplicateB, "Fixture.Duplicate", "scale:dup-b")]
    [InlineData(FixturePlugins.ProviderClash, "Fixture.ProviderClash", "store:fixture-memory")]
    public void A_plugin_refused_for_a_clash_loads_when_alone(string folder, string name, string provides)
    {
        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.Enabled.Add(folder));

        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Equal([provides], FixturePlugins.Loaded(builder, name).Provides);
    }

    [Fact]
    public async Task The_host_starts_and_serves_with_the_good_plugins_despite_the_broken_ones()
    {
        var (services, builder) = FixturePlugins.LoadAll();
        builder.UseStore(new StoreSettings("fixture-memory", PluginSettings.Of(new Dictionary<string, string?>())));
        builder.AddScale(new Batchivo.Devices.ScaleSettings("bench", "hello", PluginSettings.Of(new Dictionary<string, string?> { ["Grams"] = "1234.5" })));

        Assert.Equal(BrokenPlugins.Count, builder.Diagnostics.Refused.Count);
        Assert.Equal(FixturePlugins.Good.Length, builder.Diagnostics.Loaded.Count);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("MK4", "Prusa MK4");
        var first = await production.Runs.CreateRunAsync("MK4");
        var second = await production.Runs.CreateRunAsync("MK4");
        Assert.Equal(first.Number + 1, second.Number);
        Assert.Equal(2, (await production.Runs.ListRunsAsync()).Count);
        var reading = await provider.GetRequiredService<BatchivoDevices>().GetScale("bench").ReadAsync();
        Assert.Equal(1234.5m, reading.Value);
    }

    [Fact]
    public async Task A_plugin_whose_Register_throws_leaves_nothing_behind()
    {
        var (services, builder) = FixturePlugins.LoadAll(o => o.Store = new StoreOptions { Provider = "half-registered" });

        Assert.Equal(PluginRefusal.RegisterFailed, FixturePlugins.Refused(builder, "Fixture.ThrowsInRegister").Reason);
        Assert.DoesNotContain(builder.Diagnostics.Loaded, p => p.Name == "Fixture.ThrowsInRegister");
        Assert.Null(FixturePlugins.ServiceType(services, "Fixture.ThrowsInRegister.LeakedService"));
        Assert.DoesNotContain(services, d => d.ServiceType.Assembly.GetName().Name == "Fixture.ThrowsInRegister"
            || d.ImplementationInstance?.GetType().Assembly.GetName().Name == "Fixture.ThrowsInRegister");

        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<BatchivoConfigurationException>(() => provider.GetRequiredService<IProductionStore>());
        Assert.Contains("'half-registered' is not loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("Loaded providers: fixture-memory.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_refused_for_a_clash_keeps_nothing_and_the_first_provider_stays()
    {
        var (services, builder) = FixturePlugins.LoadAll();

        Assert.Equal(["store:fixture-memory"], FixturePlugins.Loaded(builder, "Fixture.MemoryStore").Provides);
        Assert.DoesNotContain(builder.Diagnostics.Loaded, p => p.Name == "Fixture.ProviderClash");
        Assert.DoesNotContain(builder.Diagnostics.Loaded, p => p.Provides.Contains("scale:dup-b"));
        Assert.Contains(builder.Diagnostics.Loaded, p => p.Provides.Contains("scale:dup-a"));
        Assert.DoesNotContain(services, d => d.ServiceType.Assembly.GetName().Name is "Fixture.ProviderClash" or "Fixture.DuplicateB");
    }

    [Fact]
    public void A_plugin_file_that_cannot_be_read_is_refused_and_the_others_load()
    {
        using var temp = new TempPluginDirectory();
        // A socket where the plugin file should be: it exists, but opening it fails with an I/O error.
        // Bound at a short path first (socket paths are limited to about 100 bytes), then moved into place.
        var file = FixturePlugins.FileIn(temp.Plugins, FixturePlugins.Printer);
        File.Delete(file);
        var shortPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")[..12] + ".sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(shortPath));
        File.Move(shortPath, file);
        Assert.True(File.Exists(file));

        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(temp.Plugins));
        FixturePlugins.Log(builder);

        var refused = FixturePlugins.Refused(builder, FixturePlugins.Printer);
        Assert.Equal(PluginRefusal.LoadFailed, refused.Reason);
        Assert.Contains("could not be read", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FixturePlugins.Good.Length - 1, builder.Diagnostics.Loaded.Count);
    }
}
