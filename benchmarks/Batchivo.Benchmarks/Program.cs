using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g.
//   dotnet run -c Release --project benchmarks/Batchivo.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/Batchivo.Benchmarks -- --filter '*Statistics*'
// Without arguments it lists the benchmark classes and asks which to run.
// Building the generated benchmark project may take longer than BenchmarkDotNet's default two minutes on a busy
// two-core machine; allow ten.
if (args is ["--seed-store", var seedPath])
{
    // The cold-start benchmark's file, written in a process of its own (StoreColdStartBenchmarks).
    await Batchivo.Benchmarks.Storage.StoreColdStartBenchmarks.SeedAsync(seedPath);
    return;
}

var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Batchivo.Benchmarks.Storage.StoreDatabase).Assembly).Run(args, config);
