using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g.
//   dotnet run -c Release --project benchmarks/Batchivo.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/Batchivo.Benchmarks -- --filter '*Statistics*'
// Without arguments it lists the benchmark classes and asks which to run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
