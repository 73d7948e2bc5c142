using System.Collections.Concurrent;
using System.Diagnostics;
using Batchivo.Diagnostics;
using Batchivo.Production;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>The "Batchivo" activity source traces service calls and, under them, the store's commits.</summary>
public sealed class TracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BatchivoTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Service_calls_are_activities_with_their_commits_beneath()
    {
        await using var host = new ObservedHost();
        using var root = new Activity("test").Start();
        await host.SeedAsync();
        var run = await host.DraftAsync();
        await host.CompleteAsync(run);
        root.Stop();

        var mine = _stopped.Where(a => a.TraceId == root.TraceId).ToList();
        var complete = Assert.Single(mine, a => a.OperationName == "RunService.Complete");
        Assert.Equal(run, complete.GetTagItem("batchivo.run.number"));
        var commit = Assert.Single(mine, a => a.OperationName == "ProductionStore.Commit" && a.ParentSpanId == complete.SpanId);
        Assert.Equal(ActivityStatusCode.Unset, commit.Status);
        Assert.Equal("EfProductionStore", commit.GetTagItem("batchivo.store"));
        Assert.Contains(mine, a => a.OperationName == "RunService.Start");
        Assert.Contains(mine, a => a.OperationName == "WeighingService.RecordWeightBefore");
        Assert.Contains(mine, a => a.OperationName == "CatalogService.AddSpool");
        Assert.All(mine.Where(a => a.OperationName != "test"), a => Assert.Equal(BatchivoTelemetry.ActivitySourceName, a.Source.Name));
    }

    [Fact]
    public async Task A_conflicted_commit_is_an_activity_in_error()
    {
        var clock = new OvertakenClock();
        await using var host = new ObservedHost(time: clock);
        await host.SeedAsync();
        var run = await host.DraftAsync();
        var other = new ProductionService(host.Store);
        clock.Meanwhile = () => other.Runs.SetNotesAsync(run, "changed meanwhile");
        clock.Arm(1);
        using var root = new Activity("test").Start();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => host.Production.Runs.StartAsync(run));
        root.Stop();

        var start = Assert.Single(_stopped, a => a.TraceId == root.TraceId && a.OperationName == "RunService.Start");
        var commit = Assert.Single(_stopped, a => a.ParentSpanId == start.SpanId && a.OperationName == "ProductionStore.Commit");
        Assert.Equal(ActivityStatusCode.Error, commit.Status);
        Assert.Equal("conflict", commit.StatusDescription);
    }
}
