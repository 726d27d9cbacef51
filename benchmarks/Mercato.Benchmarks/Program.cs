using BenchmarkDotNet.Running;

if (args is ["csv-messy"])
{
    return Mercato.Benchmarks.CsvMessyFiles.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(Mercato.Benchmarks.SearchBuildBenchmarks).Assembly).Run(args);
return 0;
