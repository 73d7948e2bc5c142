using Batchivo.Plugins;
using System.Reflection;
using Batchivo.Devices;
using Batchivo.Hosting.Tests.Support;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests;

/// <summary>The good fixture plugins load from the plugin folders the build produced, and work through the host.</summary>
public sealed class LoadingTests
{
    public static TheoryData<string, string, string, string[]> GoodPlugins => new()
    {
        { FixturePlugins.MemoryStore, "Fixture.MemoryStore", "1.2.3", ["store:fixture-memory"] },
        { FixturePlugins.Printer, "Fixture.Printer", "1.2.3", ["printer:fixture-printer"] },
        { FixturePlugins.Slicer, "Fixture.Slicer", "1.2.3", ["slicer:fixture-slicer"] },
        { FixturePlugins.Services, "Fixture.Services", "1.2.3", ["service:Fixture.Services.FixtureGreeting"] },
        { FixturePlugins.HelloScale, "Batchivo.Examples.HelloScale", "1.0.0", ["scale:hello"] },
        { FixturePlugins.DuplicateA, "Fixture.Duplicate", "1.2.3", ["scale:dup-a"] },
    };

    [Theory]
    [MemberData(nameof(GoodPlugins))]
    public void A_good_plugin_is_listed_with_its_name_version_file_hash_and_what_it_provides(string folder, string name, string version, string[] provides)
    {
        var (_, builder) = FixturePlugins.LoadAll();

        var loaded = FixturePlugins.Loaded(builder, name);
        var file = FixturePlugins.File(folder);
        Assert.Equal(version, loaded.Version);
        Assert.Equal(Batchivo.Plugins.PluginContract.Version, loaded.ContractVersion);
        Assert.Equal(file, loaded.File);
        Assert.Equal(FixturePlugins.FolderSha256(Path.GetDirectoryName(file)!), loaded.Sha256);
        Assert.Equal(provides, loaded.Provides);
        Assert.DoesNotContain(builder.Diagnostics.Refused, r => r.File.StartsWith(Path.Combine(FixturePlugins.Directory, folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Contains(builder.Diagnostics.Describe(), line => line.StartsWith($"loaded  {name} {version} ", StringComparison.Ordinal) && line.Contains(loaded.Sha256!, StringComparison.Ordinal));
    }

    [Fact]
    public void Exactly_the_good_plugins_load_and_every_other_folder_is_refused()
    {
        var (_, builder) = FixturePlugins.LoadAll();

        var loadedFolders = builder.Diagnostics.Loaded.Select(p => Path.GetFileName(Path.GetDirectoryName(p.File)!)).Order(StringComparer.Ordinal);
        Assert.Equal(FixturePlugins.Good.Order(StringComparer.Ordinal), loadedFolders);
        var folders = Directory.GetDirectories(FixturePlugins.Directory).Select(Path.GetFileName).OfType<string>();
        // A refusal names the plugin file, or the folder when there is no file.
        var refusedFolders = builder.Diagnostics.Refused.Select(r => Path.GetFileName(r.File.EndsWith(".dll", StringComparison.Ordinal) ? Path.GetDirectoryName(r.File)! : r.File));
        Assert.Equal(folders.Except(FixturePlugins.Good).Order(StringComparer.Ordinal), refusedFolders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_store_of_a_plugin_works_end_to_end_through_ProductionService()
    {
        var (services, builder) = FixturePlugins.LoadAll();
        builder.UseStore(new Batchivo.Plugins.StoreSettings("fixture-memory", PluginSettings.Of(new Dictionary<string, string?>())));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S");
        var run = await production.Runs.CreateRunAsync("P1S-1", TimeSpan.FromHours(2), "first run");

        var stored = await production.Runs.GetRunAsync(run.Number);
        Assert.Equal("P1S-1", stored.PrinterName);
        Assert.Equal("first run", stored.Notes);
        Assert.Equal(RunStatus.Draft, stored.Status);
        Assert.Equal("Bambu P1S", (await production.Catalog.GetPrinterAsync("P1S-1")).Model);
        // The plugin shares Batchivo.Core with the host: its store is the host's type, not a copy of it.
        Assert.IsType<InMemoryProductionStore>(provider.GetRequiredService<IProductionStore>());
        Assert.Same(provider.GetRequiredService<IProductionStore>(), provider.GetRequiredService<IProductionStore>());
    }

    [Fact]
    public async Task A_service_the_plugin_registers_itself_resolves_from_the_host()
    {
        var (services, _) = FixturePlugins.LoadAll();
        await using var provider = services.BuildServiceProvider();

        var greetingType = FixturePlugins.ServiceType(services, "Fixture.Services.FixtureGreeting");
        Assert.NotNull(greetingType);
        Assert.Equal(FixturePlugins.File(FixturePlugins.Services), greetingType.Assembly.Location);
        var greeting = provider.GetRequiredService(greetingType);
        var text = greetingType.GetProperty("Text", BindingFlags.Public | BindingFlags.Instance)!.GetValue(greeting);
        Assert.Equal("hello from a plugin", text);
    }

    [Fact]
    public async Task The_hello_scale_reads_its_configured_weight_as_stable()
    {
        var (services, builder) = FixturePlugins.LoadAll();
        builder.AddScale(new ScaleSettings("x", "hello", PluginSettings.Of(new Dictionary<string, string?> { ["Grams"] = "850" })));
        await using var provider = services.BuildServiceProvider();

        var devices = provider.GetRequiredService<BatchivoDevices>();
        var scale = devices.GetScale("x");
        var reading = await scale.ReadStableAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(850m, reading.Value);
        Assert.Equal(WeightUnit.Gram, reading.Unit);
        Assert.True(reading.IsStable);
        Assert.Equal(Mass.FromGrams(850), reading.Mass);
        Assert.Equal("hello", scale.Identity.Driver);
        Assert.Equal("x", scale.Identity.Port);
        Assert.Same(scale, devices.GetScale("X"));
        Assert.Contains("hello", devices.ScaleDriverNames);
        var notSupported = await Assert.ThrowsAsync<ScaleException>(() => scale.TareAsync());
        Assert.Equal(ScaleFault.NotSupported, notSupported.Fault);
    }

    [Fact]
    public async Task The_printer_connector_and_the_slicer_reader_resolve()
    {
        var (services, builder) = FixturePlugins.LoadAll();
        builder.AddPrinterConnection(new PrinterConnectionSettings("P1S-1", "fixture-printer", PluginSettings.Of(new Dictionary<string, string?>())));
        await using var provider = services.BuildServiceProvider();
        var devices = provider.GetRequiredService<BatchivoDevices>();

        var connector = devices.GetPrinterConnector("P1S-1");
        Assert.Equal("Fixture.Printer.FixturePrinter", connector.GetType().FullName);
        Assert.Equal("P1S-1", connector.GetType().GetProperty("Name")!.GetValue(connector));
        var status = await connector.GetStatusAsync();
        Assert.Equal(PrinterActivity.Idle, status.Activity);
        Assert.Equal(["P1S-1"], devices.ConnectedPrinters);

        var reader = devices.GetSlicerReader("fixture-slicer");
        Assert.Equal("Fixture.Slicer.FixtureSlicer", reader.GetType().FullName);
        using var content = new MemoryStream([1, 2, 3]);
        var result = await reader.TryReadAsync(content, "part.gcode");
        Assert.False(result.Success);
        Assert.Contains("part.gcode", result.Error, StringComparison.Ordinal);
        Assert.Equal(["fixture-slicer"], devices.SlicerReaderNames);
    }

    [Fact]
    public void The_host_registers_its_diagnostics_and_builder_as_singletons()
    {
        var (services, builder) = FixturePlugins.LoadAll();
        using var provider = services.BuildServiceProvider();

        Assert.Same(builder.Diagnostics, provider.GetRequiredService<PluginDiagnostics>());
        Assert.Same(builder, provider.GetRequiredService<BatchivoBuilder>());
    }

    [Fact]
    public void A_directory_that_does_not_exist_loads_nothing_and_is_not_an_error()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(Path.Combine(Path.GetTempPath(), "batchivo-no-such-dir-" + Guid.NewGuid().ToString("N"))));

        Assert.Empty(builder.Diagnostics.Loaded);
        Assert.Empty(builder.Diagnostics.Refused);
    }
}
