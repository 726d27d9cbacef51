using System.Text;
using Mercato.Server.Infrastructure.Cli;
using Mercato.Server.ReferenceData;

namespace Mercato.Server.Demo;

/// <summary><c>mercato generate vehicles --count N --seed S --out FILE</c>: a dealer feed as inventory systems send it.</summary>
internal static class GenerateCommand
{
    public static async Task<int> RunAsync(CliArguments args)
    {
        var kind = args.Positionals.FirstOrDefault() ?? throw new CliUsageException("say what to generate: 'mercato generate vehicles --count N --out FILE'");
        if (kind != "vehicles")
        {
            throw new CliUsageException($"cannot generate '{kind}'; only 'vehicles'");
        }

        var count = args.IntValue("--count", -1, 1, 10_000_000);
        if (count < 0)
        {
            throw new CliUsageException("--count is required");
        }

        var seed = args.IntValue("--seed", 1);
        var output = args.Value("--out") ?? throw new CliUsageException("--out FILE is required (.csv or .jsonl; '-' for CSV on standard output)");
        var jsonLines = output.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        if (output != "-" && !jsonLines && !output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--out '{output}' must end in .csv or .jsonl");
        }

        var generator = new VehicleGenerator(ReferenceDataLoader.LoadForCommand(), seed, VehicleGenerator.DealerCountFor(count));
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await using var stream = output == "-" ? Console.OpenStandardOutput() : new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            if (jsonLines)
            {
                VehicleFeedWriter.WriteJsonLines(writer, generator.Generate(count));
            }
            else
            {
                VehicleFeedWriter.WriteCsv(writer, generator.Generate(count));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot write '{output}': {exception.Message}");
        }

        if (output != "-")
        {
            await Console.Error.WriteLineAsync($"wrote {count:N0} vehicles from {generator.Dealers.Count:N0} dealers to {output} in {started.Elapsed.TotalSeconds:F1} s");
        }

        return 0;
    }
}
