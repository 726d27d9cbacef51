using System.Globalization;
using Mercato.Search;

namespace Mercato.Benchmarks;

/// <summary>Synthetic vehicle listings and a fixed, realistic query mix for the engine's own benchmarks.</summary>
public static class SearchData
{
    private static readonly (string Make, string[] Models)[] Makes =
    [
        ("Toyota", ["Camry", "Corolla", "RAV4", "Highlander", "Tacoma", "Tundra", "Prius", "Sienna", "4Runner", "Yaris"]),
        ("Honda", ["Civic", "Accord", "CR-V", "Pilot", "Odyssey", "Fit", "HR-V", "Ridgeline"]),
        ("Ford", ["F-150", "Focus", "Fusion", "Escape", "Explorer", "Mustang", "Ranger", "Edge", "Bronco"]),
        ("Chevrolet", ["Silverado", "Malibu", "Equinox", "Tahoe", "Camaro", "Cruze", "Traverse", "Colorado"]),
        ("Nissan", ["Altima", "Sentra", "Rogue", "Pathfinder", "Frontier", "Maxima", "Murano", "Leaf"]),
        ("BMW", ["3 Series", "5 Series", "X3", "X5", "X1", "M3", "i3"]),
        ("Mercedes-Benz", ["C-Class", "E-Class", "GLC", "GLE", "S-Class", "A-Class"]),
        ("Volkswagen", ["Jetta", "Passat", "Golf", "Tiguan", "Atlas", "Beetle"]),
        ("Hyundai", ["Elantra", "Sonata", "Tucson", "Santa Fe", "Kona", "Palisade"]),
        ("Kia", ["Optima", "Sorento", "Sportage", "Soul", "Forte", "Telluride"]),
        ("Subaru", ["Outback", "Forester", "Impreza", "Crosstrek", "Legacy", "WRX"]),
        ("Mazda", ["Mazda3", "Mazda6", "CX-5", "CX-9", "MX-5 Miata", "CX-30"]),
        ("Jeep", ["Wrangler", "Grand Cherokee", "Cherokee", "Compass", "Renegade", "Gladiator"]),
        ("Audi", ["A4", "A6", "Q5", "Q7", "A3", "Q3"]),
        ("Lexus", ["RX", "ES", "NX", "IS", "GX"]),
        ("Tesla", ["Model 3", "Model S", "Model X", "Model Y"]),
        ("Dodge", ["Charger", "Challenger", "Durango", "Grand Caravan"]),
        ("Ram", ["1500", "2500", "3500", "ProMaster"]),
        ("GMC", ["Sierra", "Acadia", "Terrain", "Yukon", "Canyon"]),
        ("Volvo", ["XC90", "XC60", "S60", "V60", "XC40"]),
        ("Citroën", ["C3", "C4", "C5 Aircross", "Berlingo"]),
        ("Škoda", ["Octavia", "Superb", "Kodiaq", "Fabia"]),
        ("Porsche", ["911", "Cayenne", "Macan", "Panamera", "Taycan"]),
        ("Mitsubishi", ["Outlander", "Lancer", "Eclipse Cross", "Mirage"]),
        ("Buick", ["Enclave", "Encore", "LaCrosse", "Regal"]),
    ];

    private static readonly string[] Trims = ["", "LE", "SE", "XLE", "Limited", "Sport", "Touring", "EX", "LX", "Platinum", "Premium", "Base", "S", "SV", "SL"];
    private static readonly string[] Fuels = ["Gasoline", "Diesel", "Hybrid", "Electric", "Plug-in Hybrid"];
    private static readonly string[] Transmissions = ["Automatic", "Manual", "CVT"];
    private static readonly string[] Bodies = ["Sedan", "SUV", "Truck", "Coupe", "Hatchback", "Van", "Wagon", "Convertible"];
    private static readonly string[] Colors = ["Black", "White", "Silver", "Gray", "Blue", "Red", "Green", "Brown", "Beige", "Gold", "Orange", "Yellow"];
    private static readonly string[] Features = ["Sunroof", "Navigation", "Leather Seats", "Backup Camera", "Bluetooth", "Heated Seats", "Third Row", "Tow Package", "Apple CarPlay", "Android Auto", "Blind Spot Monitor", "Adaptive Cruise", "Remote Start", "Keyless Entry", "Alloy Wheels", "Premium Audio", "AWD", "Lane Assist", "Parking Sensors", "Roof Rack"];

    private static readonly string[] Vocabulary =
    [
        "clean", "title", "one", "owner", "well", "maintained", "excellent", "condition", "runs", "great", "new", "tires",
        "brakes", "recently", "serviced", "no", "accidents", "garage", "kept", "low", "miles", "highway", "fuel", "efficient",
        "spacious", "interior", "smooth", "ride", "reliable", "daily", "driver", "family", "car", "perfect", "commuter",
        "oil", "changed", "every", "records", "available", "smoke", "free", "pet", "minor", "scratches", "dent", "rear",
        "bumper", "original", "paint", "warranty", "remaining", "extended", "inspection", "passed", "registration", "current",
        "must", "see", "priced", "sell", "quickly", "financing", "trade", "welcome", "call", "text", "test", "drive",
        "weekend", "only", "cash", "firm", "negotiable", "upgraded", "stereo", "system", "tinted", "windows", "aftermarket",
        "wheels", "towing", "hitch", "camping", "road", "trip", "ready", "winter", "snow", "mats", "included", "keys",
        "two", "sets", "manual", "books", "dealer", "maintained", "certified", "preowned", "inspected", "detailed",
        "cold", "ac", "heat", "works", "strong", "engine", "quiet", "transmission", "shifts", "timing", "belt", "replaced",
        "battery", "alternator", "starter", "suspension", "alignment", "done", "sporty", "handling", "comfortable", "seats",
        "cargo", "space", "fold", "down", "split", "bench", "child", "seat", "anchors", "safety", "rating", "top", "pick",
    ];

    private static readonly (double Lat, double Lng)[] Cities =
    [
        (40.7128, -74.0060), (34.0522, -118.2437), (41.8781, -87.6298), (29.7604, -95.3698), (33.4484, -112.0740),
        (39.9526, -75.1652), (29.4241, -98.4936), (32.7157, -117.1611), (32.7767, -96.7970), (37.3382, -121.8863),
        (30.2672, -97.7431), (30.3322, -81.6557), (37.7749, -122.4194), (39.9612, -82.9988), (35.2271, -80.8431),
        (39.7684, -86.1581), (47.6062, -122.3321), (39.7392, -104.9903), (38.9072, -77.0369), (42.3601, -71.0589),
        (36.1627, -86.7816), (35.1495, -90.0490), (45.5152, -122.6784), (36.1699, -115.1398), (42.3314, -83.0458),
        (38.2527, -85.7585), (43.0389, -87.9065), (35.0844, -106.6504), (32.2226, -110.9747), (36.7378, -119.7871),
        (38.5816, -121.4944), (33.7490, -84.3880), (25.7617, -80.1918), (44.9778, -93.2650), (27.9506, -82.4572),
        (39.0997, -94.5786), (41.2565, -95.9345), (35.7796, -78.6382), (40.4406, -79.9959), (29.9511, -90.0715),
    ];

    /// <summary>The vehicle schema: weights title 3, make/model 2, description 1.</summary>
    public static IndexSchema Schema { get; } = new(
    [
        new FieldDefinition("title", FieldKind.Text) { Searchable = true, Weight = 3 },
        new FieldDefinition("make", FieldKind.Keyword) { Searchable = true, Weight = 2, Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("model", FieldKind.Keyword) { Searchable = true, Weight = 2, Filterable = true, Facetable = true },
        new FieldDefinition("description", FieldKind.Text) { Searchable = true, Weight = 1 },
        new FieldDefinition("vin", FieldKind.Keyword) { Searchable = true, Filterable = true },
        new FieldDefinition("year", FieldKind.Integer) { Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("price", FieldKind.Integer) { Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("mileage", FieldKind.Integer) { Filterable = true, Sortable = true },
        new FieldDefinition("created", FieldKind.Date) { Filterable = true, Sortable = true },
        new FieldDefinition("fuel", FieldKind.Keyword) { Filterable = true, Facetable = true },
        new FieldDefinition("transmission", FieldKind.Keyword) { Filterable = true, Facetable = true },
        new FieldDefinition("body", FieldKind.Keyword) { Filterable = true, Facetable = true },
        new FieldDefinition("color", FieldKind.Keyword) { Filterable = true, Facetable = true },
        new FieldDefinition("features", FieldKind.KeywordList) { Filterable = true, Facetable = true },
        new FieldDefinition("certified", FieldKind.Boolean) { Filterable = true, Facetable = true },
        new FieldDefinition("location", FieldKind.GeoPoint) { Filterable = true },
    ]);

    /// <summary>Deterministic listings with ids 1..n.</summary>
    public static IEnumerable<SearchDocument> Listings(int n, int seed = 42)
    {
        var r = new Random(seed);
        var description = new System.Text.StringBuilder();
        for (var id = 1; id <= n; id++)
        {
            var (make, models) = Makes[Skewed(r, Makes.Length)];
            var model = models[Skewed(r, models.Length)];
            var year = 2024 - Math.Min(24, (int)Math.Abs(Gaussian(r) * 7));
            var trim = Trims[r.Next(Trims.Length)];
            var price = Math.Max(500, (int)((45_000 - ((2024 - year) * 1_600)) * (0.6 + (r.NextDouble() * 0.8))) / 100 * 100);
            var city = Cities[Skewed(r, Cities.Length)];
            description.Clear();
            var words = r.Next(15, 45);
            for (var w = 0; w < words; w++)
            {
                description.Append(Vocabulary[Skewed(r, Vocabulary.Length)]).Append(' ');
            }

            var features = new string[r.Next(0, 7)];
            for (var f = 0; f < features.Length; f++)
            {
                features[f] = Features[r.Next(Features.Length)];
            }

            yield return new SearchDocument(id)
                .Set("title", $"{year} {make} {model} {trim}".TrimEnd())
                .Set("make", make)
                .Set("model", model)
                .Set("description", description.ToString())
                .Set("vin", Vin(r))
                .Set("year", year)
                .Set("price", price)
                .Set("mileage", (long)Math.Max(0, ((2024 - year) * 11_000) + (Gaussian(r) * 8_000)))
                .Set("created", 1_700_000_000L + (id * 10L))
                .Set("fuel", Fuels[Skewed(r, Fuels.Length)])
                .Set("transmission", Transmissions[Skewed(r, Transmissions.Length)])
                .Set("body", Bodies[r.Next(Bodies.Length)])
                .Set("color", Colors[Skewed(r, Colors.Length)])
                .Set("features", features)
                .Set("certified", r.Next(5) == 0)
                .SetGeo("location", city.Lat + (Gaussian(r) * 0.3), city.Lng + (Gaussian(r) * 0.3));
        }
    }

    /// <summary>A fixed mix: typed text with and without typos, make/model checkboxes, ranges, radius, sorts, facets, deep pages.</summary>
    public static List<SearchQuery> Queries(int count, int seed = 7)
    {
        var r = new Random(seed);
        string[] facets = ["make", "model", "year", "fuel", "body", "color", "transmission", "features"];
        var list = new List<SearchQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var (make, models) = Makes[Skewed(r, Makes.Length)];
            var model = models[r.Next(models.Length)];
            var city = Cities[r.Next(Cities.Length)];
            var geo = string.Create(CultureInfo.InvariantCulture, $"{city.Lat:F4}, {city.Lng:F4}");
            var minYear = 2010 + r.Next(12);
            var minPrice = r.Next(1, 30) * 1000;
            list.Add((i % 12) switch
            {
                0 => new SearchQuery { Q = $"{make} {model}".ToLowerInvariant(), Facets = facets },
                1 => new SearchQuery { Q = Typo(r, model.ToLowerInvariant()) },
                2 => new SearchQuery { Q = model[..Math.Min(model.Length, 3)].ToLowerInvariant() },
                3 => new SearchQuery { Filter = $"make IN [\"{make}\", Honda] AND year >= {minYear}", Facets = facets },
                4 => new SearchQuery { Filter = $"make = \"{make}\" AND model IN [\"{model}\"] AND price {minPrice} TO {minPrice + 15000}", Sort = ["price:asc"], Facets = facets },
                5 => new SearchQuery { Filter = $"_geoRadius({geo}, 50000)", Sort = [$"_geoPoint({geo}):asc"] },
                6 => new SearchQuery { Filter = $"_geoRadius({geo}, 100000) AND price < {minPrice + 20000}", Sort = [$"_geoPoint({geo}):asc"], Facets = ["make", "body", "fuel"] },
                7 => new SearchQuery { Q = "clean title one owner", Filter = $"mileage < {r.Next(30, 120)}000", Sort = ["price:asc"] },
                8 => new SearchQuery { Sort = ["created:desc"], Facets = facets },
                9 => new SearchQuery { Filter = $"year {minYear} TO 2024 AND price <= {minPrice + 10000} AND certified = true", Sort = ["year:desc"], Offset = 400, Limit = 20 },
                10 => new SearchQuery { Q = $"{make.ToLowerInvariant()} awd", Filter = "features IN [AWD, \"Heated Seats\"]", Facets = ["features", "color"] },
                _ => new SearchQuery { Filter = $"body = {Bodies[r.Next(Bodies.Length)]}", Sort = ["price:desc"], Offset = 5000, Limit = 20 },
            });
        }

        return list;
    }

    private static string Typo(Random r, string word)
    {
        if (word.Length < 5)
        {
            return word;
        }

        var i = r.Next(1, word.Length - 1);
        return word[..i] + word[(i + 1)..];
    }

    private static int Skewed(Random r, int n) => Math.Min(n - 1, (int)(n * Math.Pow(r.NextDouble(), 1.8)));

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static string Vin(Random r)
    {
        const string chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        return string.Create(17, r, (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[rng.Next(chars.Length)];
            }
        });
    }
}
