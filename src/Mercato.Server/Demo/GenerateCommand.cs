using System.CommandLine;
using System.Text;
using System.Text.Json;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;
using Mercato.Server.ReferenceData;

namespace Mercato.Server.Demo;

/// <summary><c>mercato generate vehicles --count N --seed S --out FILE</c>: a dealer feed as inventory systems send it.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliGlobals globals)
    {
        var count = CliGlobals.Required("--count", "how many listings (up to 10,000,000)", 1, 10_000_000);
        var seed = CliGlobals.Int("--seed", "random seed; the same seed gives the same feed (default 1)", 1, helpName: "S");
        var output = new Option<string>("--out") { Description = ".csv or .jsonl; '-' writes CSV to standard output", HelpName = "FILE", Required = true };
        var json = new Option<bool>("--json") { Description = "print the summary as JSON on standard output" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress" };
        var vehicles = new Command("vehicles", "a vehicle dealer feed: CSV or JSON Lines, the columns of docs/feeds.md") { count, seed, output, json, quiet };
        vehicles.SetAction((result, _) => RunAsync(result.GetValue(count), result.GetValue(seed), result.GetRequiredValue(output), result.GetValue(json), result.GetValue(quiet), globals.Configuration(result)));
        return new Command("generate", "write a synthetic inventory feed") { vehicles };
    }

    private static async Task<int> RunAsync(int count, int seed, string output, bool json, bool quiet, IConfiguration configuration)
    {
        var jsonLines = output.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        if (output != "-" && !jsonLines && !output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--out '{output}' must end in .csv or .jsonl");
        }

        if (json && output == "-")
        {
            throw new CliUsageException("--json needs --out FILE: with '-' standard output carries the feed");
        }

        var generator = new VehicleGenerator(ReferenceDataLoader.LoadForCommand(configuration), seed, VehicleGenerator.DealerCountFor(count));
        var started = System.Diagnostics.Stopwatch.StartNew();
        long written = 0;
        var rows = generator.Generate(count).Select(vehicle =>
        {
            Interlocked.Increment(ref written);
            return vehicle;
        });
        try
        {
            await using var progress = ProgressSinks.Create(quiet || json).Track("generate", "rows", count, () => Interlocked.Read(ref written));
            await using var stream = output == "-" ? Console.OpenStandardOutput() : new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            if (jsonLines)
            {
                VehicleFeedWriter.WriteJsonLines(writer, rows);
            }
            else
            {
                VehicleFeedWriter.WriteCsv(writer, rows);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot write '{output}': {exception.Message}");
        }

        var seconds = Math.Round(started.Elapsed.TotalSeconds, 3);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { kind = "vehicles", count, dealers = generator.Dealers.Count, seed, output, seconds }, JsonDefaults.Options));
        }
        else if (output != "-")
        {
            await Console.Error.WriteLineAsync($"wrote {count:N0} vehicles from {generator.Dealers.Count:N0} dealers to {output} in {seconds:F1} s");
        }

        return ExitCodes.Ok;
    }
}
