using BenchmarkDotNet.Running;
using EmailPipeline.Benchmarks;

// dotnet run -c Release --project benchmarks/Benchmarks -- --filter '*'   (or a class name: --filter '*ArchivePath*')
BenchmarkSwitcher.FromAssembly(typeof(SubmitPathBenchmarks).Assembly).Run(args);
