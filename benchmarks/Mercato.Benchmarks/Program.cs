using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mercato.Benchmarks.SearchBuildBenchmarks).Assembly).Run(args);
