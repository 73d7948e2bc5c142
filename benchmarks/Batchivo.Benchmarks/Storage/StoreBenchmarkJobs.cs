using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// The storage benchmarks' job: in process (the setup starts database servers and seeds files, no need to rebuild
/// the project per job; 30 minutes allowed per benchmark, as the setup prepares runs on a loaded machine), medians and allocations. <c>BATCHIVO_BENCH_DRY=1</c> runs one iteration to check the setup.
/// </summary>
internal abstract class StoreBenchmarkJob : ManualConfig
{
    protected StoreBenchmarkJob(RunStrategy strategy, int warmups, int iterations)
    {
        var dry = Environment.GetEnvironmentVariable("BATCHIVO_BENCH_DRY") == "1";
        AddJob(Job.Default
            .WithStrategy(dry ? RunStrategy.ColdStart : strategy)
            .WithLaunchCount(1)
            .WithWarmupCount(dry ? 0 : warmups)
            .WithIterationCount(dry ? 1 : iterations)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
    }
}

/// <summary>Writes: each iteration's setup prepares the runs, so one invocation per iteration.</summary>
internal sealed class CompletionWriteConfig : StoreBenchmarkJob
{
    public CompletionWriteConfig()
        : base(RunStrategy.Monitoring, warmups: 2, iterations: 10)
    {
    }
}

/// <summary>Aggregates over a million runs: about a second each.</summary>
internal sealed class StatisticsConfig : StoreBenchmarkJob
{
    public StatisticsConfig()
        : base(RunStrategy.Throughput, warmups: 1, iterations: 6)
    {
    }
}
