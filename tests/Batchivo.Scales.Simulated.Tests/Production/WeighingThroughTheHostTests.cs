using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.Simulated.Tests.Production;

/// <summary>
/// ProductionService records weights before and after straight from a named scale: the simulated scale loaded from its
/// real plugin folder by the host, a store in memory. Unstable or faulted readings are refused and nothing is stored.
/// </summary>
public sealed class WeighingThroughTheHostTests : IAsyncDisposable
{
    private static readonly MaterialSpec Black = new("PLA", "Black");
    private readonly List<ServiceProvider> _providers = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Weighs_before_and_after_from_a_named_simulated_scale_loaded_from_its_plugin_folder()
    {
        var (service, provider) = Host(Scale("bench", ("Readings", "850, 711")));
        var loaded = Assert.Single(provider.GetRequiredService<PluginDiagnostics>().Loaded, p => p.Name == "Batchivo.Scales.Simulated");
        Assert.NotNull(loaded.File);
        Assert.Contains("scale:simulated", loaded.Provides);
        var run = await DraftAsync(service);

        await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10)), CancellationToken.None);
        await service.Runs.StartAsync(run);
        await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.After, ScaleSource.Named("bench", TimeSpan.FromSeconds(10)), CancellationToken.None);
        await service.Runs.RecordOutcomeAsync(run, "STAND", 3, 0);
        var completed = await service.Runs.CompleteAsync(run, new QualityRating(4));

        var material = Assert.Single(completed.Materials);
        Assert.Equal(Mass.FromGrams(850), material.WeightBefore);
        Assert.Equal(Mass.FromGrams(711), material.WeightAfter);
        Assert.Equal(Mass.FromGrams(139), material.Actual);
        Assert.Equal(Mass.FromGrams(711), (await service.Catalog.GetSpoolAsync("PLA-001")).GrossWeight);
    }

    [Fact]
    public async Task Waits_for_the_scale_to_settle_and_records_the_settled_weight_not_the_noise()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "850"), ("SettleTime", "00:00:00.300"), ("Noise", "0.6")));
        var run = await DraftAsync(service);

        var weighed = await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10)), CancellationToken.None);

        Assert.Equal(Mass.FromGrams(850), Assert.Single(weighed.Materials).WeightBefore);
    }

    [Fact]
    public async Task With_progress_every_reading_is_reported_until_the_stable_one_which_is_recorded()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "850, 711"), ("SettleTime", "00:00:00.400"), ("Noise", "0.6")));
        var run = await DraftAsync(service);
        var before = new Readings();
        var after = new Readings();

        var weighed = await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10), before), CancellationToken.None);
        await service.Runs.StartAsync(run);
        var printed = await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.After, ScaleSource.Named("bench", TimeSpan.FromSeconds(10), after), CancellationToken.None);

        foreach (var (readings, grams) in new[] { (before, 850m), (after, 711m) })
        {
            Assert.True(readings.Count >= 2, $"Only {readings.Count} reading(s) were reported while the scale settled.");
            Assert.All(readings.Take(readings.Count - 1), r => Assert.False(r.IsStable));
            Assert.True(readings[^1].IsStable);
            Assert.Equal(grams, readings[^1].Mass.Grams);
        }

        Assert.Equal(Mass.FromGrams(850), Assert.Single(weighed.Materials).WeightBefore);
        Assert.Equal(Mass.FromGrams(711), Assert.Single(printed.Materials).WeightAfter);
    }

    [Fact]
    public async Task With_progress_a_scale_that_never_settles_reports_its_readings_and_nothing_is_stored()
    {
        var (service, _) = Host(Scale("shaky", ("Readings", "850"), ("Fault", "never-stable"), ("Noise", "0.5")));
        var run = await DraftAsync(service);
        var ledgerBefore = (await service.Catalog.GetSpoolAsync("PLA-001")).Ledger.Count;
        var readings = new Readings();

        var error = await Assert.ThrowsAsync<ScaleException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("shaky", TimeSpan.FromMilliseconds(500), readings), CancellationToken.None));

        Assert.Equal(ScaleFault.NotStable, error.Fault);
        Assert.Contains("did not settle within 0.5 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("PLA-001", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(readings);
        Assert.All(readings, r => Assert.False(r.IsStable));
        await AssertNothingStoredAsync(service, run, ledgerBefore);
    }

    [Fact]
    public async Task With_progress_an_unknown_spool_is_refused_before_the_scale_is_read()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "850")));
        var run = await DraftAsync(service);
        var readings = new Readings();

        await Assert.ThrowsAsync<NotFoundException>(() => service.Weighing.WeighAsync(run, "PLA-404", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10), readings), CancellationToken.None));

        Assert.Empty(readings);
    }

    [Fact]
    public async Task A_reading_in_pounds_is_recorded_in_exact_grams()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "907.18474"), ("Unit", "lb")));
        var run = await DraftAsync(service);

        var weighed = await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10)), CancellationToken.None);

        Assert.Equal(907.18474m, Assert.Single(weighed.Materials).WeightBefore!.Value.Grams);
    }

    [Fact]
    public async Task A_scale_that_never_settles_is_refused_with_NotStable_and_nothing_is_stored()
    {
        var (service, _) = Host(Scale("shaky", ("Readings", "850"), ("Fault", "never-stable"), ("Noise", "0.5")));
        var run = await DraftAsync(service);
        var ledgerBefore = (await service.Catalog.GetSpoolAsync("PLA-001")).Ledger.Count;

        var error = await Assert.ThrowsAsync<ScaleException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("shaky", TimeSpan.FromMilliseconds(400)), CancellationToken.None));

        Assert.Equal(ScaleFault.NotStable, error.Fault);
        await AssertNothingStoredAsync(service, run, ledgerBefore);
    }

    [Fact]
    public async Task A_weight_after_that_never_settles_is_refused_and_the_run_keeps_no_weight_after()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "850")), Scale("shaky", ("Fault", "never-stable")));
        var run = await DraftAsync(service);
        await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10)), CancellationToken.None);
        await service.Runs.StartAsync(run);

        var error = await Assert.ThrowsAsync<ScaleException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.After, ScaleSource.Named("shaky", TimeSpan.FromMilliseconds(300)), CancellationToken.None));

        Assert.Equal(ScaleFault.NotStable, error.Fault);
        Assert.Null(Assert.Single((await service.Runs.GetRunAsync(run)).Materials).WeightAfter);
    }

    [Fact]
    public async Task Settings_bind_in_the_plugins_own_load_context_units_by_symbol_and_enums_by_kebab_name()
    {
        // The options type lives in the plugin's load context and the binder in the host's: a unit symbol, a
        // duration and an enum in kebab case still bind, and a kilogram reading is recorded in grams.
        var (service, provider) = Host(Scale("bench", ("Readings", "850"), ("Unit", "kg"), ("ReplyTimeout", "00:00:03")), Scale("shaky", ("Fault", "never-stable")));
        var run = await DraftAsync(service);

        var reading = await provider.GetRequiredService<IScaleDirectory>().GetScale("bench").ReadAsync();
        await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10)), CancellationToken.None);

        Assert.Equal((0.85m, WeightUnit.Kilogram), (reading.Value, reading.Unit));
        Assert.Equal(Mass.FromGrams(850), Assert.Single((await service.Runs.GetRunAsync(run)).Materials).WeightBefore);
        Assert.False((await provider.GetRequiredService<IScaleDirectory>().GetScale("shaky").ReadAsync()).IsStable);
    }

    [Fact]
    public void A_bad_setting_is_refused_when_the_scale_is_first_used_naming_the_setting()
    {
        var (_, provider) = Host(Scale("bench", ("Readings", "850"), ("Unit", "stone")));

        var error = Assert.Throws<ScaleException>(() => provider.GetRequiredService<IScaleDirectory>().GetScale("bench"));

        Assert.Equal(ScaleFault.DeviceError, error.Fault);
        Assert.Contains("Unit = 'stone'", error.Message, StringComparison.Ordinal);
        Assert.Contains("g, kg, lb or oz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overloaded_scale_is_refused_with_Overload_and_nothing_is_stored()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "overload")));
        var run = await DraftAsync(service);
        var ledgerBefore = (await service.Catalog.GetSpoolAsync("PLA-001")).Ledger.Count;

        var error = await Assert.ThrowsAsync<ScaleException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(5)), CancellationToken.None));

        Assert.Equal(ScaleFault.Overload, error.Fault);
        await AssertNothingStoredAsync(service, run, ledgerBefore);
    }

    [Fact]
    public async Task A_driver_that_hands_back_an_unstable_reading_as_stable_is_refused()
    {
        var (service, _) = Host();
        var run = await DraftAsync(service);
        var ledgerBefore = (await service.Catalog.GetSpoolAsync("PLA-001")).Ledger.Count;
        await using var lying = new FixedScale(new ScaleReading(851.3m, WeightUnit.Gram, IsStable: false, DateTimeOffset.UnixEpoch));

        var error = await Assert.ThrowsAsync<ScaleException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Of(lying, TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(ScaleFault.NotStable, error.Fault);
        Assert.Contains("PLA-001", error.Message, StringComparison.Ordinal);
        Assert.Contains("unstable", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(service, run, ledgerBefore);
    }

    [Fact]
    public async Task An_unknown_scale_name_is_a_configuration_error_listing_the_scales()
    {
        var (service, _) = Host(Scale("bench", ("Readings", "850")));
        var run = await DraftAsync(service);

        var error = await Assert.ThrowsAsync<BatchivoConfigurationException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("kitchen", TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Contains("bench", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single((await service.Runs.GetRunAsync(run)).Materials).WeightBefore);
    }

    [Fact]
    public async Task An_unknown_run_is_refused_before_the_scale_is_read()
    {
        var (service, _) = Host();
        await DraftAsync(service);
        await using var scale = new FixedScale(new ScaleReading(850m, WeightUnit.Gram, IsStable: true, DateTimeOffset.UnixEpoch));

        await Assert.ThrowsAsync<NotFoundException>(() => service.Weighing.WeighAsync(99, "PLA-001", WeighingPoint.Before, ScaleSource.Of(scale, TimeSpan.FromSeconds(1)), CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => service.Weighing.WeighAsync(1, "PLA-404", WeighingPoint.Before, ScaleSource.Of(scale, TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal(0, scale.Reads);
    }

    [Fact]
    public async Task A_service_without_scales_says_there_is_no_such_scale()
    {
        var service = new ProductionService(new InMemoryProductionStore(), TimeProvider.System);
        var run = await DraftAsync(service);

        var error = await Assert.ThrowsAsync<NotFoundException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Equal("scale", error.Entity);
    }

    [Fact]
    public async Task The_host_registers_its_devices_as_the_scale_directory()
    {
        var (_, provider) = Host(Scale("bench", ("Readings", "850")), Scale("shelf", ("Readings", "120")));
        var directory = provider.GetRequiredService<IScaleDirectory>();

        Assert.Same(provider.GetRequiredService<BatchivoDevices>(), directory);
        Assert.Equal(["bench", "shelf"], directory.ScaleNames);
        Assert.Equal(120m, (await directory.GetScale("SHELF").ReadStableAsync(TimeSpan.FromSeconds(5))).Value);
    }

    private static async Task AssertNothingStoredAsync(ProductionService service, int run, int ledgerBefore)
    {
        var stored = await service.Runs.GetRunAsync(run);
        Assert.Null(Assert.Single(stored.Materials).WeightBefore);
        var spool = await service.Catalog.GetSpoolAsync("PLA-001");
        Assert.Equal(ledgerBefore, spool.Ledger.Count);
        Assert.Null(spool.ActiveRunId);
    }

    private static ScaleOptions Scale(string name, params (string Key, string Value)[] settings)
    {
        var options = new ScaleOptions { Name = name, Driver = "simulated" };
        foreach (var (key, value) in settings)
        {
            options.Settings[key] = value;
        }

        return options;
    }

    private (ProductionService Service, ServiceProvider Provider) Host(params ScaleOptions[] scales)
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "plugins"));
            o.Plugins.Enabled.Add("Batchivo.Scales.Simulated");
            foreach (var scale in scales)
            {
                o.Scales.Add(scale);
            }
        });
        builder.AddPlugin(new MemoryStorePlugin());
        builder.UseStore(new StoreSettings("memory", PluginSettings.Of(new Dictionary<string, string?>())));
        Assert.Empty(builder.Diagnostics.Refused);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _providers.Add(provider);
        return (provider.GetRequiredService<ProductionService>(), provider);
    }

    private static async Task<int> DraftAsync(ProductionService service)
    {
        await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S");
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(Black, "Bambu Lab", "#000000"), Mass.FromGrams(1000), new Money(25m, "USD"), Tare: Mass.FromGrams(250)));
        await service.Catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(Black, Mass.FromGrams(45), Mass.FromGrams(5))]);
        var run = await service.Runs.CreateRunAsync("P1S-1");
        await service.Runs.AddProductToRunAsync(run.Number, "STAND", 3);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        return run.Number;
    }

    private sealed class MemoryStorePlugin : IBatchivoPlugin
    {
        public PluginInfo Info { get; } = new("Tests.MemoryStore", "1.0.0", PluginContract.Version);

        public void Register(IPluginRegistry registry) => registry.AddStoreProvider("memory", (_, _) => new InMemoryProductionStore());
    }

    private sealed class FixedScale(ScaleReading reading) : IScale
    {
        public int Reads { get; private set; }

        public ScaleIdentity Identity { get; } = new("fixed", null, null, "fixed");

        public Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(reading);
        }

        public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => ReadAsync(cancellationToken);

        public Task TareAsync(CancellationToken cancellationToken = default) => Task.FromException(new ScaleException(ScaleFault.NotSupported, "no"));

        public Task ZeroAsync(CancellationToken cancellationToken = default) => Task.FromException(new ScaleException(ScaleFault.NotSupported, "no"));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The readings reported, in order (reported on the caller's flow, so a list is enough).</summary>
    private sealed class Readings : List<ScaleReading>, IProgress<ScaleReading>
    {
        public void Report(ScaleReading value) => Add(value);
    }
}
