using Batchivo.Diagnostics;
using Batchivo.Hosting;
using Batchivo.Production;
using Polly;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>Batchivo's conflict retry pipeline against real conflicts: another writer commits between a writer's read and its commit.</summary>
public sealed class ConflictRetryTests
{
    [Fact]
    public async Task A_write_overtaken_once_is_tried_again_and_stored_once_with_the_retry_counted()
    {
        using var meter = new MeasurementRecorder();
        var clock = new OvertakenClock();
        await using var host = new ObservedHost(time: clock);
        await host.SeedAsync();
        var run = await host.DraftAsync();
        var other = new ProductionService(host.Store);
        var overtakes = 0;
        clock.Meanwhile = () =>
        {
            overtakes++;
            return other.Runs.SetNotesAsync(run, $"changed meanwhile {overtakes}");
        };
        var pipeline = new ResiliencePipelineBuilder().AddBatchivoConflictRetry(new ConflictRetryOptions { Delay = TimeSpan.FromMilliseconds(1) }).Build();

        clock.Arm(1);
        var started = await pipeline.ExecuteAsync(async ct => await host.Production.Runs.StartAsync(run, ct));

        Assert.Equal(1, overtakes);
        Assert.Equal(RunStatus.InProgress, started.Run.Status);
        var stored = await host.Store.FindRunByNumberAsync(run);
        Assert.Equal(RunStatus.InProgress, stored!.Status);
        Assert.Equal("changed meanwhile 1", stored.Notes);
        Assert.Single(host.Events.Received.OfType<Diagnostics.RunStarted>());
        Assert.Contains(meter.All, m => m.Instrument == BatchivoTelemetry.StoreConflictRetries && Equals(m.Tags["batchivo.error"], nameof(ConcurrencyConflictException)));
    }

    [Fact]
    public async Task A_write_overtaken_every_time_gives_up_after_its_attempts_with_the_conflict()
    {
        var clock = new OvertakenClock();
        await using var host = new ObservedHost(time: clock);
        await host.SeedAsync();
        var run = await host.DraftAsync();
        var other = new ProductionService(host.Store);
        clock.Meanwhile = () => other.Runs.SetNotesAsync(run, Guid.NewGuid().ToString());
        var pipeline = BatchivoResilience.ConflictRetry(new ConflictRetryOptions { MaxRetryAttempts = 3, Delay = TimeSpan.FromMilliseconds(1) });
        var tries = 0;

        clock.Arm(int.MaxValue);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await pipeline.ExecuteAsync(async ct =>
        {
            Interlocked.Increment(ref tries);
            return await host.Production.Runs.StartAsync(run, ct);
        }));

        Assert.Equal(4, tries);
        Assert.Equal(RunStatus.Draft, (await host.Store.FindRunByNumberAsync(run))!.Status);
        Assert.Empty(host.Events.Received.OfType<Diagnostics.RunStarted>());
    }

    [Fact]
    public void Options_out_of_range_are_refused_when_the_pipeline_is_built()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => BatchivoResilience.ConflictRetry(new ConflictRetryOptions { MaxRetryAttempts = 0 }));
        Assert.Contains("MaxRetryAttempts", error.Message, StringComparison.Ordinal);
    }
}
