using System.Text;
using Mercato.Server.Demo;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Feeds;

/// <summary>Feed files for the import tests, and a way to run <c>mercato import</c> against a fixture's database.</summary>
internal static class FeedTestFiles
{
    public static string Directory { get; } = TestDatabases.NewSqliteDirectory();

    public static string Write(string content, string extension = ".csv", Encoding? encoding = null)
    {
        var path = Path.Combine(Directory, $"{Guid.NewGuid():N}{extension}");
        var bytes = (encoding ?? new UTF8Encoding(false)).GetPreamble().Concat((encoding ?? Encoding.UTF8).GetBytes(content)).ToArray();
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string WriteBytes(byte[] bytes)
    {
        var path = Path.Combine(Directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A generated dealer feed (the generator's own header), as CSV or JSON Lines.</summary>
    public static string Vehicles(int count, int seed = 3, bool jsonLines = false)
    {
        var path = Path.Combine(Directory, $"{Guid.NewGuid():N}{(jsonLines ? ".jsonl" : ".csv")}");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var generator = new VehicleGenerator(TestReferenceData.Current, seed, VehicleGenerator.DealerCountFor(count));
        if (jsonLines)
        {
            VehicleFeedWriter.WriteJsonLines(writer, generator.Generate(count));
        }
        else
        {
            VehicleFeedWriter.WriteCsv(writer, generator.Generate(count));
        }

        return path;
    }

    public static string[] DatabaseArgs(ServerFixture fixture) =>
        fixture.ConnectionString is { } connection ? ["--database", connection] : ["--data-dir", fixture.DataDir!];

    public static Task<(int Code, string Output, string Error)> ImportAsync(ServerFixture fixture, string tenant, string file, params string[] more) =>
        ConsoleCapture.RunAsync(["import", "--tenant", tenant, "--file", file, "--quiet", .. DatabaseArgs(fixture), .. more]);

    /// <summary>A valid vehicle row for hand-written feeds (VINs from the generator's check-digit rule).</summary>
    public static string Vin(int n)
    {
        var body = $"1HGCM8263{n:D8}".ToCharArray();
        body[8] = Mercato.Server.Catalog.Vin.ComputeCheckDigit(body);
        return new string(body);
    }

    public const string Header = "stock_no,dealer_id,dealer_name,zip,vin,year,make,model,body,fuel,condition,mileage,price";

    public static string Row(int n, string dealer = "D1", string price = "18990", string mileage = "42000", string year = "2019") =>
        $"S{n},{dealer},Dealer {dealer},10001,{Vin(n)},{year},Honda,Accord,Sedan,gasoline,used,{mileage},{price}";
}
