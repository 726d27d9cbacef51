using System.Globalization;
using System.Text.Json;

namespace Mercato.Server.ReferenceData;

/// <summary>One make/model across its model years, with the body styles of each year.</summary>
internal sealed record CarModel(string Make, string Name, SortedDictionary<int, string[]> BodiesByYear);

/// <summary>Makes, models, model years and body styles: from a file in the reference folder, or the built-in table.</summary>
internal sealed class CarModels
{
    public const string FileName = "us_car_models.csv";

    private CarModels(IReadOnlyList<CarModel> models, int latestFullYear)
    {
        Models = models;
        LatestFullYear = latestFullYear;
    }

    public IReadOnlyList<CarModel> Models { get; }

    // The last model year the source covers broadly; later years list only a few early-announced models.
    public int LatestFullYear { get; }

    public int Rows => Models.Sum(m => m.BodiesByYear.Count);

    /// <summary>The built-in table: every model over its year range.</summary>
    public static CarModels FromTable(IEnumerable<(string Make, string Model, int FirstYear, int LastYear, string[] Bodies)> rows)
    {
        var builder = new Builder();
        foreach (var (make, model, first, last, bodies) in rows)
        {
            for (var year = first; year <= last; year++)
            {
                builder.Add(year, make, model, bodies);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// Header <c>year,make,model,body_styles</c>, then one model year a line; body_styles is a JSON array of strings
    /// in one CSV field (may be empty: the nearest year of the same model lends its bodies).
    /// </summary>
    public static bool TryParse(TextReader reader, out CarModels? models, out ReferenceFileError? error)
    {
        models = null;
        var builder = new Builder();
        var header = true;
        var lastLine = 0;
        foreach (var (line, row) in CsvRecords.ReadNumbered(reader))
        {
            lastLine = line;
            if (header)
            {
                header = false;
                if (!string.Join(',', row.Select(f => f.Trim())).Equals("year,make,model,body_styles", StringComparison.OrdinalIgnoreCase))
                {
                    error = new ReferenceFileError(line, "the header must be 'year,make,model,body_styles'");
                    return false;
                }

                continue;
            }

            if (row is [""])
            {
                continue;
            }

            error = CheckRow(line, row, out var year, out var bodies);
            if (error is not null)
            {
                return false;
            }

            builder.Add(year, row[1].Trim(), row[2].Trim(), bodies);
        }

        if (builder.IsEmpty)
        {
            error = new ReferenceFileError(Math.Max(1, lastLine), "the file lists no model");
            return false;
        }

        error = null;
        models = builder.Build();
        return true;
    }

    private static ReferenceFileError? CheckRow(int line, string[] row, out int year, out string[] bodies)
    {
        year = 0;
        bodies = [];
        if (row.Length != 4)
        {
            return new ReferenceFileError(line, $"expected 4 fields (year,make,model,body_styles), found {row.Length}");
        }

        if (!int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out year) || year is < 1886 or > 2100)
        {
            return new ReferenceFileError(line, $"'{row[0]}' is not a model year");
        }

        if (row[1].Trim().Length == 0 || row[2].Trim().Length == 0)
        {
            return new ReferenceFileError(line, "make and model must not be empty");
        }

        return TryParseBodies(row[3], out bodies) ? null : new ReferenceFileError(line, "body_styles must be a JSON array of strings");
    }

    private static bool TryParseBodies(string json, out string[] bodies)
    {
        bodies = [];
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array
                || document.RootElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                return false;
            }

            bodies = [.. document.RootElement.EnumerateArray()
                .Select(e => e.GetString()!.Trim())
                .Where(s => s.Length > 0)
                .Distinct(StringComparer.Ordinal)];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed class Builder
    {
        private readonly Dictionary<(string Make, string Name), CarModel> _byKey = [];
        private readonly Dictionary<int, int> _rowsPerYear = [];

        public bool IsEmpty => _byKey.Count == 0;

        public void Add(int year, string make, string name, string[] bodies)
        {
            make = DisplayMake(make);
            if (!_byKey.TryGetValue((make, name), out var model))
            {
                model = new CarModel(make, name, []);
                _byKey.Add((make, name), model);
            }

            model.BodiesByYear[year] = bodies;
            _rowsPerYear[year] = _rowsPerYear.GetValueOrDefault(year) + 1;
        }

        public CarModels Build()
        {
            foreach (var model in _byKey.Values)
            {
                FillMissingBodies(model);
            }

            var busiest = _rowsPerYear.Count == 0 ? 0 : _rowsPerYear.Values.Max();
            var latestFull = _rowsPerYear.Where(p => p.Value * 2 >= busiest).Select(p => p.Key).DefaultIfEmpty(0).Max();
            return new CarModels([.. _byKey.Values], latestFull);
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
