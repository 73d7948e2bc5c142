using Batchivo.Diagnostics;
using Xunit.Abstractions;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>What a run on a real SQLite store, through the real services, puts on the "Batchivo" meter.</summary>
public sealed class MetricsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_completed_run_counts_one_start_one_completion_its_grams_and_its_variance()
    {
        using var meter = new MeasurementRecorder();
        await using var host = new ObservedHost();
        await host.SeedAsync();
        var run = await host.DraftAsync();
        await host.CompleteAsync(run);

        var mine = host.Printer;
        var measured = meter.OfPrinter(mine);
        // Everything the meter received while the test ran (run alone, that is this run's host: plugin load, commits, runs).
        foreach (var m in meter.All)
        {
            output.WriteLine(m.ToString());
        }

        var started = Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.RunsStarted);
        Assert.Equal(1, started.Value);
        Assert.Equal("{run}", started.Unit);
        Assert.Equal(1, Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.RunsCompleted).Value);
        Assert.DoesNotContain(measured, m => m.Instrument is BatchivoTelemetry.RunsFailed or BatchivoTelemetry.RunsCancelled);
        var grams = Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.FilamentUsed);
        Assert.Equal(66, grams.Value);
        Assert.Equal("g", grams.Unit);
        Assert.Equal("PLA", grams.Tags["batchivo.material"]);
        Assert.Equal("completed", grams.Tags["batchivo.run.outcome"]);
        var variance = Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.RunVariance);
        Assert.Equal(10, variance.Value, 6);
        Assert.Equal("%", variance.Unit);

        // Every commit of the scenario was timed (3 catalog adds, 4 draft edits, start, weight after, outcome, completion).
        var commits = meter.All.Count(m => m.Instrument == BatchivoTelemetry.StoreCommitDuration && Equals(m.Tags["batchivo.store.outcome"], "committed"));
        Assert.True(commits >= 11, $"{commits} commits were timed.");
        Assert.Equal("s", meter.All.First(m => m.Instrument == BatchivoTelemetry.StoreCommitDuration).Unit);
    }

    [Fact]
    public async Task A_failed_and_a_cancelled_run_are_counted_as_such_with_their_grams()
    {
        using var meter = new MeasurementRecorder();
        await using var host = new ObservedHost();
        await host.SeedAsync();
        var failed = await host.DraftAsync();
        await host.Production.Runs.StartAsync(failed);
        await host.Production.Weighing.RecordWeightAfterAsync(failed, host.SpoolCode, new Mass(1170m));
        await host.Production.Runs.FailAsync(failed);
        var cancelled = (await host.Production.Runs.CreateRunAsync(host.Printer)).Number;
        await host.Production.Runs.CancelAsync(cancelled);

        var measured = meter.OfPrinter(host.Printer);
        Assert.Equal(1, Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.RunsFailed).Value);
        Assert.Equal(1, Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.RunsCancelled).Value);
        Assert.Equal(1, Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.RunsStarted).Value);
        var grams = Assert.Single(measured, m => m.Instrument == BatchivoTelemetry.FilamentUsed);
        Assert.Equal(30, grams.Value);
        Assert.Equal("failed", grams.Tags["batchivo.run.outcome"]);
        Assert.DoesNotContain(measured, m => m.Instrument == BatchivoTelemetry.RunsCompleted);
    }

    [Fact]
    public async Task Loading_the_sqlite_plugin_from_its_folder_records_its_load_time()
    {
        using var meter = new MeasurementRecorder();
        await using var host = new ObservedHost();

        var load = meter.All.Where(m => m.Instrument == BatchivoTelemetry.PluginLoadDuration && Equals(m.Tags["batchivo.plugin"], "Batchivo.Storage.Sqlite")).ToList();
        Assert.NotEmpty(load);
        Assert.All(load, m => Assert.Equal("loaded", m.Tags["batchivo.plugin.outcome"]));
        Assert.All(load, m => Assert.True(m.Value > 0, "A load took no time."));
        Assert.Equal("s", load[0].Unit);
    }
}
