using Batchivo.Hosting.Tests.Support;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batchivo.Hosting.Tests;

/// <summary>AddBatchivo(IConfiguration): the plugins folder, the store, scales and printers from a JSON file.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "batchivo-hosting-tests", Guid.NewGuid().ToString("N"));

    public ConfigurationTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_json_file_selects_the_store_a_scale_and_a_printer_connection_from_plugins()
    {
        var configuration = Json("""
            {
              "Batchivo": {
                "Plugins": { "Directories": [ "fixture-plugins" ] },
                "Store": { "Provider": "fixture-memory" },
                "Scales": [ { "Name": "bench", "Driver": "hello", "Settings": { "Grams": "850" } } ],
                "Printers": [ { "Printer": "P1S-1", "Connector": "fixture-printer", "Settings": { "Url": "http://p1s.local" } } ]
              }
            }
            """);
        var services = new ServiceCollection();

        var builder = services.AddBatchivo(configuration);
        FixturePlugins.Log(builder);

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var options = provider.GetRequiredService<IOptions<BatchivoOptions>>().Value;
        Assert.Equal(["fixture-plugins"], options.Plugins.Directories);
        Assert.Equal("http://p1s.local", options.Printers[0].Settings["url"]);

        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S");
        var run = await production.Runs.CreateRunAsync("P1S-1");
        Assert.Equal("P1S-1", (await production.Runs.GetRunAsync(run.Number)).PrinterName);

        var devices = provider.GetRequiredService<BatchivoDevices>();
        Assert.Equal(["bench"], devices.ScaleNames);
        var reading = await devices.GetScale("bench").ReadStableAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(Mass.FromGrams(850), reading.Mass);
        Assert.True(reading.IsStable);
        var status = await devices.GetPrinterConnector("P1S-1").GetStatusAsync();
        Assert.Equal(Batchivo.Devices.PrinterActivity.Idle, status.Activity);
    }

    [Fact]
    public void A_configuration_without_a_Batchivo_section_is_bound_as_the_section_itself()
    {
        var configuration = Json("""{ "Plugins": { "Directories": [ "fixture-plugins" ], "Enabled": [ "Fixture.Slicer" ] } }""");

        var builder = new ServiceCollection().AddBatchivo(configuration);

        Assert.Equal("Fixture.Slicer", Assert.Single(builder.Diagnostics.Loaded).Name);
    }

    [Fact]
    public void The_allowlist_and_enabled_plugins_come_from_configuration()
    {
        var hash = FixturePlugins.FolderSha256(Path.Combine(FixturePlugins.Directory, FixturePlugins.Printer));
        var configuration = Json($$"""
            {
              "Batchivo": {
                "Plugins": {
                  "Directories": [ "fixture-plugins" ],
                  "Enabled": [ "Fixture.Printer", "Fixture.Slicer" ],
                  "AllowedSha256": [ "{{hash}}" ]
                }
              }
            }
            """);

        var builder = new ServiceCollection().AddBatchivo(configuration);

        Assert.Equal("Fixture.Printer", Assert.Single(builder.Diagnostics.Loaded).Name);
        Assert.Equal(PluginRefusal.NotAllowed, FixturePlugins.Refused(builder, FixturePlugins.Slicer).Reason);
    }

    [Fact]
    public async Task An_empty_store_provider_and_a_scale_without_driver_are_rejected_on_start_with_what_to_fix()
    {
        var configuration = Json("""
            {
              "Batchivo": {
                "Store": { "Provider": "" },
                "Scales": [ { "Name": "bench", "Driver": "hello" }, { "Name": "shelf" } ],
                "Printers": [ { "Connector": "fixture-printer" } ]
              }
            }
            """);
        var services = new ServiceCollection();
        services.AddBatchivo(configuration);
        await using var provider = services.BuildServiceProvider();

        // What a host does when it starts (ValidateOnStart).
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var message = string.Join(" | ", error.Failures);
        Assert.Contains("Batchivo:Store:Provider is empty", message, StringComparison.Ordinal);
        Assert.Contains("'BatchivoOptions.Scales[1]' members: 'Driver'", message, StringComparison.Ordinal);
        Assert.Contains("needs a Driver", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Scales[0]", message, StringComparison.Ordinal);
        Assert.Contains("'BatchivoOptions.Printers[0]' members: 'Printer'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Connector'", message, StringComparison.Ordinal);

        // Without a host, the first use fails the same way instead of running with half a configuration.
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IProductionStore>());
    }

    [Fact]
    public async Task Invalid_options_in_code_are_rejected_on_start()
    {
        var services = new ServiceCollection();
        services.AddBatchivo(o => o.Scales.Add(new ScaleOptions { Name = "bench" }));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("'BatchivoOptions.Scales[0]' members: 'Driver'", failure, StringComparison.Ordinal);
        Assert.Contains("needs a Driver, e.g. mt-sics", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_plugin_settings_are_rejected_before_any_plugin_loads()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<BatchivoConfigurationException>(() => services.AddBatchivo(o => o.Plugins.Directories.Add(" ")));

        Assert.Contains("Batchivo:Plugins:Directories has an empty entry", error.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public async Task A_later_Configure_of_the_options_takes_effect()
    {
        var configuration = Json("""
            { "Batchivo": { "Plugins": { "Directories": [ "fixture-plugins" ] }, "Store": { "Provider": "sqlite" } } }
            """);
        var services = new ServiceCollection();
        services.AddBatchivo(configuration);

        services.Configure<BatchivoOptions>(o =>
        {
            o.Store = new StoreOptions { Provider = "fixture-memory" };
            o.Scales.Add(new ScaleOptions { Name = "shelf", Driver = "hello" });
        });
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<IProductionStore>());
        Assert.Equal(["shelf"], provider.GetRequiredService<BatchivoDevices>().ScaleNames);
    }

    [Fact]
    public void The_same_scale_name_twice_is_rejected()
    {
        var configuration = Json("""
            { "Batchivo": { "Scales": [ { "Name": "bench", "Driver": "hello" }, { "Name": "Bench", "Driver": "mt-sics" } ] } }
            """);

        var services = new ServiceCollection();
        services.AddBatchivo(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<BatchivoConfigurationException>(() => provider.GetRequiredService<BatchivoDevices>());

        Assert.Contains("'Bench' is configured twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_store_provider_fails_on_resolve_listing_loaded_providers_and_refused_plugins()
    {
        var configuration = Json("""
            { "Batchivo": { "Plugins": { "Directories": [ "fixture-plugins" ] }, "Store": { "Provider": "sqlite" } } }
            """);
        var services = new ServiceCollection();
        services.AddBatchivo(configuration);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<BatchivoConfigurationException>(() => provider.GetRequiredService<IProductionStore>());

        Assert.Contains("The store provider 'sqlite' is not loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("Loaded providers: fixture-memory.", error.Message, StringComparison.Ordinal);

        // What to do, for both ways an app gets a plugin.
        Assert.Contains("into a folder listed in Batchivo:Plugins:Directories", error.Message, StringComparison.Ordinal);
        Assert.Contains("services.AddBatchivo(configuration).AddSqliteStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains("Refused plugins: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fixture.ThrowsInRegister (RegisterFailed)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fixture.MissingDependency (MissingDependency)", error.Message, StringComparison.Ordinal);
        Assert.Throws<BatchivoConfigurationException>(() => provider.GetRequiredService<ProductionService>());
    }

    [Fact]
    public async Task No_store_selected_fails_on_resolve_saying_how_to_select_one()
    {
        var services = new ServiceCollection();
        services.AddBatchivo(o => o.Plugins.Directories.Add(FixturePlugins.DirectoryName));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<BatchivoConfigurationException>(() => provider.GetRequiredService<IProductionStore>());

        Assert.Contains("No store is selected", error.Message, StringComparison.Ordinal);
        Assert.Contains("loaded providers: fixture-memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scale_with_a_driver_no_plugin_provides_fails_on_use_listing_the_loaded_drivers()
    {
        var configuration = Json("""
            { "Batchivo": { "Plugins": { "Directories": [ "fixture-plugins" ] }, "Scales": [ { "Name": "bench", "Driver": "mt-sics" } ] } }
            """);
        var services = new ServiceCollection();
        services.AddBatchivo(configuration);
        await using var provider = services.BuildServiceProvider();
        var devices = provider.GetRequiredService<BatchivoDevices>();

        var error = Assert.Throws<BatchivoConfigurationException>(() => devices.GetScale("bench"));
        Assert.Contains("driver 'mt-sics'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Loaded drivers: dup-a, hello.", error.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<BatchivoConfigurationException>(() => devices.GetScale("shelf"));
        Assert.Contains("Configured scales: bench.", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddBatchivo_twice_returns_the_same_builder_and_registers_everything_once()
    {
        var configuration = Json("""
            {
              "Batchivo": {
                "Plugins": { "Directories": [ "fixture-plugins" ] },
                "Store": { "Provider": "fixture-memory" },
                "Scales": [ { "Name": "bench", "Driver": "hello", "Settings": { "Grams": "850" } } ],
                "Printers": [ { "Printer": "P1S-1", "Connector": "fixture-printer" } ]
              }
            }
            """);
        var services = new ServiceCollection();

        var first = services.AddBatchivo(configuration);
        var loaded = first.Diagnostics.Loaded.ToList();
        var refused = first.Diagnostics.Refused.ToList();
        var count = services.Count(d => !IsOptionsSetup(d));
        var second = services.AddBatchivo(configuration);
        var third = services.AddBatchivo(o => o.Plugins.Directories.Add(FixturePlugins.Directory));

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(loaded, second.Diagnostics.Loaded);
        Assert.Equal(refused, second.Diagnostics.Refused);
        Assert.Equal(count, services.Count(d => !IsOptionsSetup(d)));
        Assert.Single(services, d => d.ServiceType == typeof(IProductionStore));
        Assert.Single(services, d => d.ServiceType == typeof(ProductionService));
        Assert.Single(services, d => d.ServiceType == typeof(PluginDiagnostics));
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(["bench"], provider.GetRequiredService<BatchivoDevices>().ScaleNames);
        Assert.NotNull(provider.GetRequiredService<ProductionService>());
    }

    [Fact]
    public void AddBatchivo_again_with_a_different_scale_of_the_same_name_is_rejected()
    {
        var services = new ServiceCollection();
        services.AddBatchivo(o => o.Scales.Add(new ScaleOptions { Name = "bench", Driver = "hello" }));
        services.AddBatchivo(o => o.Scales.Add(new ScaleOptions { Name = "bench", Driver = "mt-sics" }));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<BatchivoConfigurationException>(() => provider.GetRequiredService<BatchivoDevices>());

        Assert.Contains("'bench' is configured twice", error.Message, StringComparison.Ordinal);
    }

    // Each AddBatchivo adds its configuration to the options, as services.Configure does; nothing else is added twice.
    private static bool IsOptionsSetup(ServiceDescriptor descriptor) =>
        descriptor.ServiceType.IsGenericType
        && descriptor.ServiceType.GetGenericTypeDefinition() is var type
        && (type == typeof(IConfigureOptions<>) || type == typeof(IOptionsChangeTokenSource<>));

    private IConfiguration Json(string json)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        return new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
    }
}
