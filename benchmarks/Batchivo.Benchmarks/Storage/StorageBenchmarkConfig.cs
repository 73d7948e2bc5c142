using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// The SQLite benchmarks: each measured call is long (a hundred transactions, or a scan of a million runs), so they
/// run in process (no generated project to build) with the monitoring strategy and a few iterations.
/// </summary>
public sealed class StorageBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public StorageBenchmarkConfig() =>
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance));
}
