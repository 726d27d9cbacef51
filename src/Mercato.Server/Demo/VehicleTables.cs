using System.Globalization;
using Mercato.Server.ReferenceData;

namespace Mercato.Server.Demo;

internal enum FuelKind
{
    Gasoline,
    Hybrid,
    PlugInHybrid,
    Electric,
}

// One model in one model year, with everything the generator needs precomputed so rows cost no lookups.
internal sealed class ModelYear
{
    public required CarMake Make { get; init; }
    public required int MakeIndex { get; init; }
    public required string Model { get; init; }
    public required int Year { get; init; }
    public required string[] Bodies { get; init; }
    public required FuelKind Fuel { get; init; }
    public required bool HeavyDuty { get; init; }
    public required double PriceFactor { get; init; }
    public required string TitlePrefix { get; init; }
    public required string VinDescriptor { get; init; }
    public required char VinYear { get; init; }
}

// The (make, model year) cells weighted by market share × age, and the models inside each cell.
internal sealed class VehicleTables
{
    private static readonly string[] s_bestSellers =
    [
        "F150", "F-150", "Silverado 1500", "RAV4", "CR-V", "Camry", "Model Y", "Sierra 1500", "Equinox", "Civic", "Corolla",
        "Tacoma", "Grand Cherokee", "Explorer", "Rogue", "Accord", "Highlander", "Tucson", "Escape", "Outback",
        "Forester", "1500", "Wrangler", "Model 3", "Crosstrek", "Sportage", "Santa Fe", "Altima", "Pilot", "CX-5",
        "Telluride", "Tahoe", "Tundra", "Bronco", "Ranger", "Maverick", "Elantra", "Kona", "Trax", "Sentra",
    ];

    public VehicleTables(CarModels source, int referenceYear)
    {
        ReferenceYear = referenceYear;
        var makes = CarMakes.All;
        var makeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < makes.Count; i++)
        {
            makeIndex[makes[i].Name] = i;
        }

        var cellModels = new Dictionary<(int Make, int Year), List<(ModelYear Entry, double Weight)>>();
        foreach (var model in source.Models)
        {
            if (!makeIndex.TryGetValue(model.Make, out var m))
            {
                continue;
            }

            foreach (var (year, bodies) in YearsOf(model, source.LatestFullYear, referenceYear))
            {
                var entry = Build(makes[m], m, model.Name, year, bodies);
                var key = (m, year);
                if (!cellModels.TryGetValue(key, out var list))
                {
                    list = [];
                    cellModels.Add(key, list);
                }

                // Cargo/passenger vans come in many listed variants but sell in small numbers.
                var weight = IsBestSeller(model.Name) ? 4.0 : entry.Bodies.All(b => b == VehicleVocabulary.Van) ? 0.4 : 1.0;
                list.Add((entry, weight));
            }
        }

        var keys = cellModels.Keys.OrderBy(k => k.Make).ThenBy(k => k.Year).ToArray();
        Cells = new ModelYear[keys.Length][];
        CellModelCumulative = new double[keys.Length][];
        var cellWeights = new double[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var list = cellModels[keys[i]];
            Cells[i] = [.. list.Select(p => p.Entry)];
            CellModelCumulative[i] = DemoRandom.Cumulative([.. list.Select(p => p.Weight)]);
            cellWeights[i] = makes[keys[i].Make].Share * AgeWeight(referenceYear - keys[i].Year);
        }

        CellCumulative = DemoRandom.Cumulative(cellWeights);
    }

    public int ReferenceYear { get; }

    public ModelYear[][] Cells { get; }

    public double[][] CellModelCumulative { get; }

    public double[] CellCumulative { get; }

    // Dealer stock skews young: current-year new cars, then flat for five model years and a slow exponential tail.
    public static double AgeWeight(int age) => age switch
    {
        < 0 => 0,
        0 => 24,
        1 => 13,
        2 => 10,
        3 => 9.5,
        4 => 9,
        _ => 9 * Math.Exp(-(age - 4) / 6.0),
    };

    public static char VinYearCode(int year) => "ABCDEFGHJKLMNPRSTVWXY123456789"[((year - 1980) % 30 + 30) % 30];

    // Years on sale up to the reference year; models still current when the source thins out are carried forward.
    private static IEnumerable<(int Year, string[] Bodies)> YearsOf(CarModel model, int latestFullYear, int referenceYear)
    {
        var last = model.BodiesByYear.Keys.Max();
        foreach (var (year, bodies) in model.BodiesByYear)
        {
            if (year <= referenceYear)
            {
                yield return (year, bodies);
            }
        }

        if (last >= latestFullYear)
        {
            var bodies = model.BodiesByYear[last];
            for (var year = last + 1; year <= referenceYear; year++)
            {
                yield return (year, bodies);
            }
        }
    }

    private static ModelYear Build(CarMake make, int makeIndex, string model, int year, string[] bodies)
    {
        var fuel = FuelOf(make, model, year);
        var heavy = model.Contains("2500", StringComparison.Ordinal) || model.Contains("3500", StringComparison.Ordinal)
            || model.Contains("4500", StringComparison.Ordinal) || model.Contains("Super Duty", StringComparison.Ordinal)
            || model.Contains(" HD", StringComparison.Ordinal);
        var hash = DemoRandom.StableHash(make.Name + "|" + model);
        Span<char> descriptor = stackalloc char[4];
        const string VinChars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        var h = hash;
        for (var i = 0; i < descriptor.Length; i++)
        {
            descriptor[i] = VinChars[(int)(h % (ulong)VinChars.Length)];
            h /= (ulong)VinChars.Length;
        }

        return new ModelYear
        {
            Make = make,
            MakeIndex = makeIndex,
            Model = model,
            Year = year,
            Bodies = [.. bodies.Select(b => VehicleVocabulary.Body(b, model))],
            Fuel = fuel,
            HeavyDuty = heavy,
            // Each model keeps its own place in the make's price range.
            PriceFactor = 0.85 + (0.4 * ((h % 1000) / 1000.0)),
            TitlePrefix = string.Create(CultureInfo.InvariantCulture, $"{year} {make.Name} {model}"),
            VinDescriptor = new string(descriptor),
            VinYear = VinYearCode(year),
        };
    }

    private static FuelKind FuelOf(CarMake make, string model, int year)
    {
        if (Has(model, "Plug-in", "Prime", "PHEV", "4xe", "Energi", "A3 Sportback e-tron") || Token(model, "Volt"))
        {
            return FuelKind.PlugInHybrid;
        }

        if (make.Name is "Tesla" or "Rivian" or "Lucid" or "Polestar"
            || Has(model, "e-tron", "Electric", "electric", "Lightning", "MACH-E", "Mach-E", "IONIQ", "LYRIQ", "OPTIQ", "Vistiq",
                "Celestiq", "Escalade IQ", "Taycan", "Ariya", "LEAF", "Solterra", "bZ4X", "ID.", "e-Golf", "500e", "i-MiEV",
                "Bolt", "Prologue", "Recharge", "EX30", "EX90", "REV", "Fuel Cell", "Mirai", "eSprinter", "E-Transit", "EQ")
            || Token(model, "EV") || Token(model, "EV6") || Token(model, "EV9") || Token(model, "RZ") || Token(model, "iX")
            || Token(model, "i3") || Token(model, "i4") || Token(model, "i5") || Token(model, "i7")
            || (model == "ZDX" && year >= 2024))
        {
            return FuelKind.Electric;
        }

        return Has(model, "Hybrid", "Prius", "Insight", "C-MAX", "Niro") ? FuelKind.Hybrid : FuelKind.Gasoline;
    }

    private static bool IsBestSeller(string model)
    {
        foreach (var name in s_bestSellers)
        {
            if (model.StartsWith(name, StringComparison.Ordinal)
                && (model.Length == name.Length || model[name.Length] == ' '))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Has(string text, params ReadOnlySpan<string> parts)
    {
        foreach (var part in parts)
        {
            if (text.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Token(string text, string token)
    {
        foreach (var range in text.AsSpan().Split(' '))
        {
            if (text.AsSpan()[range].SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }
}
