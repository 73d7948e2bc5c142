using Microsoft.Extensions.Logging;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>What a host's logger provider receives: plugin loads, the store's start-up and run transitions, with their event ids.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task A_host_logs_the_plugin_it_loaded_the_database_it_created_and_the_runs_transitions()
    {
        await using var host = new ObservedHost();
        await host.SeedAsync();
        var run = await host.DraftAsync();
        await host.CompleteAsync(run);
        var logs = host.LogRecords;

        var loaded = Assert.Single(logs, r => r.Id.Id == 2001 && r.Message.Contains("Batchivo.Storage.Sqlite", StringComparison.Ordinal));
        Assert.Equal("Batchivo.Hosting", loaded.Category);
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Equal("PluginLoaded", loaded.Id.Name);
        Assert.Contains("store:sqlite", loaded.Message, StringComparison.Ordinal);
        Assert.Matches(@"loaded from .+Batchivo\.Storage\.Sqlite\.dll in \d+ ms", loaded.Message);

        var created = Assert.Single(logs, r => r.Id.Id == 3002);
        Assert.Equal("Batchivo.Storage.EntityFrameworkCore", created.Category);
        Assert.Contains(host.DatabasePath, created.Message, StringComparison.Ordinal);
        Assert.Matches(@"migrations \d{14}_\w+", created.Message);
        Assert.Single(logs, r => r.Id.Id == 3001);
        var ready = Assert.Single(logs, r => r.Id.Id == 2010);
        Assert.Contains("sqlite", ready.Message, StringComparison.Ordinal);

        var started = Assert.Single(logs, r => r.Id.Id == 1001);
        Assert.Equal("Batchivo.Production.RunService", started.Category);
        Assert.Equal($"Run #{run} started on {host.Printer} (60 g estimated)", started.Message);
        var completed = Assert.Single(logs, r => r.Id.Id == 1002);
        Assert.Contains("66 g used, 60 g estimated, variance 10", completed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs, r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_write_refused_on_a_conflict_is_logged_by_the_store()
    {
        var clock = new OvertakenClock();
        await using var host = new ObservedHost(time: clock);
        await host.SeedAsync();
        var run = await host.DraftAsync();
        var other = new Production.ProductionService(host.Store);
        clock.Meanwhile = () => other.Runs.SetNotesAsync(run, "changed meanwhile");
        clock.Arm(1);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => host.Production.Runs.StartAsync(run));

        var conflict = Assert.Single(host.LogRecords, r => r.Id.Id == 3010);
        Assert.Contains($"the run #{run} changed since it was read", conflict.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.LogRecords, r => r.Id.Id == 1001);
    }
}
