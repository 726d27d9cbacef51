using System.Globalization;
using System.Text.Json;

namespace Mercato.Server.Demo;

// One make/model across its model years, from us_car_models.csv ("US car models data by abhionlyone", CC BY 4.0).
internal sealed record CarModel(string Make, string Name, SortedDictionary<int, string[]> BodiesByYear);

internal sealed class CarModels
{
    private const string Resource = "Mercato.Server.Data.us_car_models.csv";

    private static readonly Lazy<CarModels> s_default = new(() =>
    {
        using var stream = CsvRecords.OpenEmbedded(Resource);
        using var reader = new StreamReader(stream);
        return Parse(reader);
    });

    private CarModels(IReadOnlyList<CarModel> models, int latestFullYear)
    {
        Models = models;
        LatestFullYear = latestFullYear;
    }

    public static CarModels Default => s_default.Value;

    public IReadOnlyList<CarModel> Models { get; }

    // The last model year the source covers broadly; later years list only a few early-announced models.
    public int LatestFullYear { get; }

    internal static CarModels Parse(TextReader reader)
    {
        var byKey = new Dictionary<(string Make, string Name), CarModel>();
        var rowsPerYear = new Dictionary<int, int>();
        var header = true;
        foreach (var row in CsvRecords.Read(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }

            if (row.Length < 4 || !int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                continue;
            }

            var make = DisplayMake(row[1].Trim());
            var name = row[2].Trim();
            if (make.Length == 0 || name.Length == 0)
            {
                continue;
            }

            if (!byKey.TryGetValue((make, name), out var model))
            {
                model = new CarModel(make, name, []);
                byKey.Add((make, name), model);
            }

            model.BodiesByYear[year] = ParseBodies(row[3]);
            rowsPerYear[year] = rowsPerYear.GetValueOrDefault(year) + 1;
        }

        foreach (var model in byKey.Values)
        {
            FillMissingBodies(model);
        }

        var busiest = rowsPerYear.Count == 0 ? 0 : rowsPerYear.Values.Max();
        var latestFull = rowsPerYear.Where(p => p.Value * 2 >= busiest).Select(p => p.Key).DefaultIfEmpty(0).Max();
        return new CarModels([.. byKey.Values], latestFull);
    }

    private static string[] ParseBodies(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!.Trim())
                    .Where(s => s.Length > 0)
                    .Distinct(StringComparer.Ordinal)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // Recent years often have no body styles: borrow the nearest year of the same model, else guess from the name.
    private static void FillMissingBodies(CarModel model)
    {
        var known = model.BodiesByYear.Where(p => p.Value.Length > 0).ToArray();
        foreach (var year in model.BodiesByYear.Keys.ToArray())
        {
            if (model.BodiesByYear[year].Length > 0)
            {
                continue;
            }

            model.BodiesByYear[year] = known.Length > 0
                ? known.MinBy(p => Math.Abs(p.Key - year)).Value
                : [GuessBody(model.Name)];
        }
    }

    private static string GuessBody(string name)
    {
        string[] pickup = ["Cab", "Pickup", "Silverado", "Sierra", "1500", "2500", "3500", "Ramcharger", "Cybertruck", "Lightning"];
        string[] van = ["Van", "Sprinter", "Buzz", "Transit"];
        string[] sedan = ["i5", "i7", "IONIQ 6", "ID.7", "Celestiq", "Mercedes-AMG EQE", "Corolla", "Camry", "CT5"];
        if (pickup.Any(k => name.Contains(k, StringComparison.Ordinal)))
        {
            return "Pickup";
        }

        if (van.Any(k => name.Contains(k, StringComparison.Ordinal)))
        {
            return "Van/Minivan";
        }

        if (name.Contains("Coupe", StringComparison.Ordinal) || name == "CLE")
        {
            return "Coupe";
        }

        if (name == "GR Corolla")
        {
            return "Hatchback";
        }

        if (name.Contains("Sport Turismo", StringComparison.Ordinal))
        {
            return "Wagon";
        }

        return sedan.Any(k => name.StartsWith(k, StringComparison.Ordinal)) || name == "5" ? "Sedan" : "SUV";
    }

    private static string DisplayMake(string make) => make switch
    {
        "MAZDA" => "Mazda",
        "INFINITI" => "Infiniti",
        "HUMMER" => "Hummer",
        _ => make,
    };
}
