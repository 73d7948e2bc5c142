using Batchivo.Devices;
using Batchivo.Hosting.Tests.Support;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Batchivo.Hosting.Tests;

/// <summary>Plugins given in code (the package-reference path): no folder, same rules.</summary>
public sealed class CodeRegistrationTests
{
    [Fact]
    public async Task A_plugin_given_in_code_works_without_any_folder()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo();
        builder.AddPlugin(new CodePlugin("Tests.CodePlugin"))
            .UseStore(new StoreSettings("code-memory", PluginSettings.Of(new Dictionary<string, string?>())))
            .AddScale(new ScaleSettings("bench", "code-scale", PluginSettings.Of(new Dictionary<string, string?>())));

        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal("Tests.CodePlugin", loaded.Name);
        Assert.Null(loaded.File);
        Assert.Null(loaded.Sha256);
        Assert.Equal(["store:code-memory", "scale:code-scale", "service:Batchivo.Hosting.Tests.CodePluginMarker"], loaded.Provides);
        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Contains(builder.Diagnostics.Describe(), l => l.Contains("(registered in code)", StringComparison.Ordinal));

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S");
        var run = await production.Runs.CreateRunAsync("P1S-1");
        Assert.Equal(run.Id, (await production.Runs.GetRunAsync(run.Number)).Id);
        Assert.NotNull(provider.GetRequiredService<CodePluginMarker>());
        var reading = await provider.GetRequiredService<BatchivoDevices>().GetScale("bench").ReadAsync();
        Assert.Equal(42m, reading.Value);
    }

    [Fact]
    public void A_second_plugin_with_the_same_name_is_refused_and_keeps_nothing()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo();

        builder.AddPlugin(new CodePlugin("Tests.CodePlugin"));
        builder.AddPlugin(new CodePlugin("tests.codeplugin", store: "other-memory"));

        Assert.Single(builder.Diagnostics.Loaded);
        var refused = Assert.Single(builder.Diagnostics.Refused);
        Assert.Equal(PluginRefusal.DuplicateName, refused.Reason);
        Assert.Equal("tests.codeplugin", refused.Name);
        Assert.Contains("'tests.codeplugin' is already loaded", refused.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(CodePlugin).FullName, refused.File);
        Assert.DoesNotContain(builder.Diagnostics.Loaded, p => p.Provides.Contains("store:other-memory"));
        Assert.Single(services, d => d.ServiceType == typeof(CodePluginMarker));
    }

    [Fact]
    public void A_plugin_in_code_with_the_name_of_a_folder_plugin_is_refused()
    {
        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.Enabled.Add(FixturePlugins.MemoryStore));

        builder.AddPlugin(new CodePlugin("Fixture.MemoryStore", store: "another"));

        var refused = FixturePlugins.Refused(builder, "Fixture.MemoryStore");
        Assert.Equal(PluginRefusal.DuplicateName, refused.Reason);
        Assert.Contains(FixturePlugins.File(FixturePlugins.MemoryStore), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_in_code_that_claims_a_provider_name_a_folder_plugin_has_is_refused()
    {
        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.Enabled.Add(FixturePlugins.MemoryStore));

        builder.AddPlugin(new CodePlugin("Tests.Clash", store: "FIXTURE-MEMORY"));

        var refused = FixturePlugins.Refused(builder, "Tests.Clash");
        Assert.Equal(PluginRefusal.DuplicateName, refused.Reason);
        Assert.Contains("already provided by plugin 'Fixture.MemoryStore'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("throw-info", PluginRefusal.ConstructorFailed, "Info threw")]
    [InlineData("throw-register", PluginRefusal.RegisterFailed, "code plugin failed")]
    [InlineData("no-name", PluginRefusal.InvalidInfo, "no name")]
    [InlineData("contract-2", PluginRefusal.ContractMismatch, "contract 2")]
    [InlineData("same-driver-twice", PluginRefusal.DuplicateName, "registers the scale driver 'TWICE' twice")]
    public void A_faulty_plugin_in_code_is_refused_and_leaves_nothing_behind(string fault, PluginRefusal reason, string cause)
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo();
        var before = services.Count;

        builder.AddPlugin(new FaultyPlugin(fault));

        Assert.Empty(builder.Diagnostics.Loaded);
        var refused = Assert.Single(builder.Diagnostics.Refused);
        Assert.Equal(reason, refused.Reason);
        Assert.Contains(cause, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, services.Count);
    }

    [Fact]
    public void A_plugin_sees_the_hosts_services_so_TryAdd_keeps_the_hosts_registration()
    {
        var services = new ServiceCollection();
        var hostMarker = new CodePluginMarker();
        services.AddSingleton(hostMarker);
        var builder = services.AddBatchivo();

        builder.AddPlugin(new CodePlugin("Tests.CodePlugin"));

        Assert.Same(hostMarker, Assert.Single(services, d => d.ServiceType == typeof(CodePluginMarker)).ImplementationInstance);
        Assert.DoesNotContain("service:Batchivo.Hosting.Tests.CodePluginMarker", Assert.Single(builder.Diagnostics.Loaded).Provides);
    }

    [Fact]
    public async Task Devices_are_disposed_with_the_provider_whether_it_is_disposed_synchronously_or_not()
    {
        FixedScale syncScale, asyncScale;
        var services = new ServiceCollection();
        services.AddBatchivo().AddPlugin(new CodePlugin("Tests.CodePlugin")).AddScale(new ScaleSettings("bench", "code-scale", PluginSettings.Of(new Dictionary<string, string?>())));
        using (var provider = services.BuildServiceProvider())
        {
            syncScale = (FixedScale)provider.GetRequiredService<BatchivoDevices>().GetScale("bench");
        }

        await using (var provider = services.BuildServiceProvider())
        {
            asyncScale = (FixedScale)provider.GetRequiredService<BatchivoDevices>().GetScale("bench");
        }

        Assert.NotSame(syncScale, asyncScale);
        Assert.Equal(1, syncScale.Disposals);
        Assert.Equal(1, asyncScale.Disposals);
    }

    [Fact]
    public void A_plugin_that_removes_a_host_service_still_keeps_what_it_adds_and_the_host_keeps_its_own()
    {
        var services = new ServiceCollection();
        var hostMarker = new CodePluginMarker();
        services.AddSingleton(hostMarker);
        var builder = services.AddBatchivo();

        builder.AddPlugin(new RemovingPlugin());

        Assert.Single(services, d => d.ServiceType == typeof(RemovingPlugin.Added));
        Assert.Equal(["service:Batchivo.Hosting.Tests.RemovingPlugin+Added"], Assert.Single(builder.Diagnostics.Loaded).Provides);
        Assert.Same(hostMarker, Assert.Single(services, d => d.ServiceType == typeof(CodePluginMarker)).ImplementationInstance);
    }
}

/// <summary>A service a code plugin registers.</summary>
public sealed class CodePluginMarker;

/// <summary>A small plugin given in code: a store, a scale driver and a service.</summary>
internal sealed class CodePlugin(string name, string store = "code-memory") : IBatchivoPlugin
{
    public PluginInfo Info => new(name, "0.1.0", PluginContract.Version, "A plugin registered in code by the tests.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddStoreProvider(store, (_, _) => new InMemoryProductionStore());
        registry.AddScaleDriver("code-scale", (_, settings) => new FixedScale(settings.Name));
        registry.Services.TryAddSingleton<CodePluginMarker>();
    }
}

/// <summary>A plugin given in code that fails in one of the ways a plugin can.</summary>
internal sealed class FaultyPlugin(string fault) : IBatchivoPlugin
{
    public PluginInfo Info => fault switch
    {
        "throw-info" => throw new InvalidOperationException("no info today"),
        "no-name" => new PluginInfo(" ", "1.0.0", PluginContract.Version),
        "contract-2" => new PluginInfo("Tests.Faulty", "1.0.0", 2),
        _ => new PluginInfo("Tests.Faulty", "1.0.0", PluginContract.Version),
    };

    public void Register(IPluginRegistry registry)
    {
        registry.Services.AddSingleton(new CodePluginMarker());
        if (fault == "throw-register")
        {
            registry.AddStoreProvider("faulty", (_, _) => new InMemoryProductionStore());
            throw new InvalidOperationException("the code plugin failed");
        }

        if (fault == "same-driver-twice")
        {
            registry.AddScaleDriver("twice", (_, s) => new FixedScale(s.Name));
            registry.AddScaleDriver("TWICE", (_, s) => new FixedScale(s.Name));
        }
    }
}

/// <summary>A plugin that removes one of the host's services before adding its own.</summary>
internal sealed class RemovingPlugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Tests.Removing", "1.0.0", PluginContract.Version);

    public void Register(IPluginRegistry registry)
    {
        registry.Services.RemoveAll<CodePluginMarker>();
        registry.Services.AddSingleton(new Added());
    }

    public sealed class Added;
}

internal sealed class FixedScale(string name) : IScale
{
    public ScaleIdentity Identity { get; } = new("code-scale", null, null, name);

    public Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new ScaleReading(42m, WeightUnit.Gram, IsStable: true, DateTimeOffset.UnixEpoch));

    public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => ReadAsync(cancellationToken);

    public Task TareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ZeroAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public int Disposals { get; private set; }

    public async ValueTask DisposeAsync()
    {
        // Really asynchronous, as a serial port's close can be.
        await Task.Yield();
        Disposals++;
    }
}
