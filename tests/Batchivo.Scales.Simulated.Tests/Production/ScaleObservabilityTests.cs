using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Diagnostics;
using Batchivo.Hosting;
using Batchivo.Hosting.Health;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Batchivo.Scales.Simulated.Tests.Production;

/// <summary>
/// Scale faults on the meter and in the log, and the scales health check, with simulated scales loaded from the real
/// plugin folder. Scale names are unique per test, so the process-wide meter's measurements are told apart.
/// </summary>
public sealed class ScaleObservabilityTests : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly FakeLoggerProvider _logs = new();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _logs.Dispose();
    }

    [Fact]
    public async Task A_scale_fault_during_a_weighing_is_counted_timed_and_logged_by_kind()
    {
        var scale = "overloaded-" + _suffix;
        var measured = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = Listen(measured);
        var (service, _) = Host(Scale(scale, ("Readings", "overload")));
        var run = await DraftAsync(service);

        var error = await Assert.ThrowsAsync<ScaleException>(() => service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named(scale, TimeSpan.FromSeconds(10)), CancellationToken.None));

        Assert.Equal(ScaleFault.Overload, error.Fault);
        var mine = measured.Where(m => Equals(m.Tags.GetValueOrDefault("batchivo.scale"), scale)).ToList();
        var fault = Assert.Single(mine, m => m.Instrument == BatchivoTelemetry.ScaleFaults);
        Assert.Equal(1, fault.Value);
        Assert.Equal("Overload", fault.Tags["batchivo.scale.fault"]);
        Assert.Equal("simulated", fault.Tags["batchivo.scale.driver"]);
        var read = Assert.Single(mine, m => m.Instrument == BatchivoTelemetry.ScaleReadDuration);
        Assert.Equal("fault", read.Tags["batchivo.scale.outcome"]);
        var logged = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Id == 1101);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Equal("Batchivo.Production.WeighingService", logged.Category);
        Assert.Contains(scale, logged.Message, StringComparison.Ordinal);
        Assert.Contains("Overload", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stable_weighing_records_its_read_duration_as_stable()
    {
        var scale = "bench-" + _suffix;
        var measured = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = Listen(measured);
        var (service, _) = Host(Scale(scale, ("Readings", "850")));
        var run = await DraftAsync(service);

        await service.Weighing.WeighAsync(run, "PLA-001", WeighingPoint.Before, ScaleSource.Named(scale, TimeSpan.FromSeconds(10)), CancellationToken.None);

        var read = Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.ScaleReadDuration && Equals(m.Tags.GetValueOrDefault("batchivo.scale"), scale));
        Assert.Equal("stable", read.Tags["batchivo.scale.outcome"]);
        Assert.True(read.Value >= 0);
        Assert.DoesNotContain(measured, m => m.Instrument == BatchivoTelemetry.ScaleFaults && Equals(m.Tags.GetValueOrDefault("batchivo.scale"), scale));
    }

    [Fact]
    public async Task Scales_that_all_answer_are_healthy()
    {
        // A generous limit: the scales answer at once; this is not a timing test.
        var (_, provider) = Host(o => (o.ScaleTimeout, o.StoreTimeout) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)), Scale("bench", ("Readings", "850")), Scale("shelf", ("Readings", "120")));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries[BatchivoHealthCheckOptions.ScalesCheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("stable", entry.Data["bench"]);
        Assert.Equal("stable", entry.Data["shelf"]);
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task A_disconnected_or_silent_scale_makes_the_scales_check_degraded_within_its_time_limit()
    {
        var (_, provider) = Host(
            o => (o.ScaleTimeout, o.StoreTimeout) = (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)),
            Scale("bench", ("Readings", "850")),
            Scale("unplugged", ("Fault", "Disconnected")),
            Scale("silent", ("Fault", "NoReply"), ("ReplyTimeout", "1.00:00:00")));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries[BatchivoHealthCheckOptions.ScalesCheckName];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("stable", entry.Data["bench"]);
        Assert.Equal("fault", entry.Data["unplugged"]);
        Assert.Equal("timeout", entry.Data["silent"]);
        Assert.Contains("2 of 3 scale(s) unreachable", entry.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, report.Status);
    }

    private static MeterListener Listen(ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> into)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == BatchivoTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => into.Enqueue((i.Name, v, Copy(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => into.Enqueue((i.Name, v, Copy(tags))));
        listener.Start();
        return listener;
    }

    private static Dictionary<string, object?> Copy(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        return copy;
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

    private (ProductionService Service, ServiceProvider Provider) Host(params ScaleOptions[] scales) => Host(null, scales);

    private (ProductionService Service, ServiceProvider Provider) Host(Action<BatchivoHealthCheckOptions>? health, params ScaleOptions[] scales)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs));
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
        services.AddHealthChecks().AddBatchivoChecks(health);
        Assert.Empty(builder.Diagnostics.Refused);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _providers.Add(provider);
        return (provider.GetRequiredService<ProductionService>(), provider);
    }

    private static async Task<int> DraftAsync(ProductionService service)
    {
        var black = new MaterialSpec("PLA", "Black");
        await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S");
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(black, "Bambu Lab", "#000000"), Mass.FromGrams(1000), new Money(25m, "USD"), Tare: Mass.FromGrams(250)));
        await service.Catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(black, Mass.FromGrams(45), Mass.FromGrams(5))]);
        var run = await service.Runs.CreateRunAsync("P1S-1");
        await service.Runs.AddProductToRunAsync(run.Number, "STAND", 3);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        return run.Number;
    }

    private sealed class MemoryStorePlugin : IBatchivoPlugin
    {
        public PluginInfo Info { get; } = new("Tests.ObservedMemoryStore", "1.0.0", PluginContract.Version);

        public void Register(IPluginRegistry registry) => registry.AddStoreProvider("memory", (_, _) => new InMemoryProductionStore());
    }
}
