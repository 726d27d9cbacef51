using Mercato.Server.Demo;
using Mercato.Server.ReferenceData;

namespace Mercato.Bench.Search;

/// <summary>
/// The fixed query mix. Query i depends only on (seed, i, N): its kind is drawn with the weights below, and its values
/// come from a generated row picked at random (so makes, models, trims, prices and dealer ZIPs are real ones), or
/// from a random real ZIP code for half of the radius searches.
/// </summary>
internal static class QueryMix
{
    private const double Mile = 1609.344;

    // Kind, weight (per 100 queries). docs/benchmarks.md describes each kind.
    private static readonly (string Kind, double Weight)[] Kinds =
    [
        ("text", 14), ("text-make-model", 8), ("text-model-trim", 6), ("prefix", 8), ("typo", 10), ("checkbox", 12),
        ("ranges", 10), ("radius", 10), ("radius-filtered", 6), ("newest", 6), ("deep-page", 6), ("browse", 4),
    ];

    private static readonly double[] KindCumulative = DemoRandom.Cumulative([.. Kinds.Select(k => k.Weight)]);

    public static readonly IReadOnlyList<string> AllFacets = ["make", "model", "year", "body", "fuel", "transmission", "drivetrain", "condition"];

    public static IReadOnlyList<string> KindNames => [.. Kinds.Select(k => k.Kind)];

    public static List<BenchQuery> Create(BenchListings data, int count, int seed)
    {
        var queries = new List<BenchQuery>(count);
        var codes = data.Generator.PostalCodes;
        for (var i = 0; i < count; i++)
        {
            var rng = DemoRandom.ForRow(seed, i, stream: 0x5EA5C4);
            var kind = Kinds[rng.Pick(KindCumulative)].Kind;
            var row = data.Row(rng.Next(data.Count)).Vehicle;
            var other = data.Row(rng.Next(data.Count)).Vehicle;
            queries.Add(Make(kind, ref rng, row, other, codes));
        }

        return queries;
    }

    private static BenchQuery Make(string kind, ref DemoRandom rng, GeneratedVehicle row, GeneratedVehicle other, PostalCodes codes)
    {
        var model = FirstWord(row.Model);
        var make = FirstWord(row.Make);
        switch (kind)
        {
            case "text":
                return new(kind, model, [], BenchSort.Relevance, Facets(ref rng, 6), 0, 20);
            case "text-make-model":
                return new(kind, $"{make} {model}", [], BenchSort.Relevance, Facets(ref rng, 6), 0, 20);
            case "text-model-trim":
                return new(kind, $"{model} {FirstWord(row.Trim)}", [], BenchSort.Relevance, Facets(ref rng, 5), 0, 20);
            case "prefix":
                var typed = model.Length <= 3 ? $"{make} {model}" : model[..Math.Max(3, Math.Min(model.Length - 1, 3 + rng.Next(3)))];
                return new(kind, typed, [], BenchSort.Relevance, Facets(ref rng, 5), 0, 20);
            case "typo":
                var typo = make.Length >= 5 && (model.Length < 5 || rng.Chance(0.5)) ? $"{Misspell(make, ref rng)} {model}" : $"{make} {Misspell(model, ref rng)}";
                return new(kind, typo, [], BenchSort.Relevance, Facets(ref rng, 6), 0, 20) { Comparable = false };
            case "checkbox":
                var makes = row.Make == other.Make ? new[] { row.Make } : new[] { row.Make, other.Make };
                List<BenchFilter> boxes = [new InFilter("make", makes)];
                if (rng.Chance(0.5))
                {
                    boxes.Add(new InFilter("model", row.Model == other.Model ? [row.Model] : [row.Model, other.Model]));
                }

                return new(kind, null, boxes, rng.Chance(0.5) ? BenchSort.PriceAsc : BenchSort.Newest, AllFacets, 0, 20);
            case "ranges":
                var price = row.PriceMinor;
                List<BenchFilter> ranges =
                [
                    new RangeFilter("price", price * 6 / 10 / 100 * 100, price * 13 / 10 / 100 * 100),
                    new RangeFilter("year", row.Year - 3, null),
                    new RangeFilter("mileage", null, Math.Max(10_000, row.Mileage * 2)),
                ];
                return new(kind, null, ranges, rng.Chance(0.5) ? BenchSort.YearDesc : BenchSort.PriceDesc, Facets(ref rng, 5), 0, 20);
            case "radius":
                var zip = Zip(ref rng, row, codes);
                var radius = new RadiusFilter(zip.Latitude, zip.Longitude, Miles(ref rng), zip.Zip);
                return new(kind, null, [radius], BenchSort.Distance, Facets(ref rng, 5), 0, 20) { Point = (zip.Latitude, zip.Longitude) };
            case "radius-filtered":
                var near = Zip(ref rng, row, codes);
                List<BenchFilter> local =
                [
                    new RadiusFilter(near.Latitude, near.Longitude, Miles(ref rng) * 2, near.Zip),
                    new InFilter("make", [row.Make]),
                    new RangeFilter("price", null, row.PriceMinor * 3 / 2 / 100 * 100),
                ];
                return new(kind, null, local, BenchSort.PriceAsc, Facets(ref rng, 5), 0, 20);
            case "newest":
                List<BenchFilter> fresh = [new InFilter("condition", ["used", "certified"]), new InFilter("body", row.Body == other.Body ? [row.Body] : [row.Body, other.Body])];
                return new(kind, null, fresh, BenchSort.Newest, Facets(ref rng, 6), 0, 20);
            case "deep-page":
                return new(kind, null, [new InFilter("make", [row.Make])], rng.Chance(0.5) ? BenchSort.PriceAsc : BenchSort.Newest, [], 200 * (1 + rng.Next(25)), 20);
            default:
                return new("browse", null, [], BenchSort.Newest, AllFacets, 0, 20);
        }
    }

    private static List<string> Facets(ref DemoRandom rng, int count)
    {
        // make and model always (the checkboxes users see first), then a random pick of the rest.
        var rest = AllFacets.Skip(2).ToList();
        var picked = new List<string> { "make", "model" };
        while (picked.Count < count)
        {
            var i = rng.Next(rest.Count);
            picked.Add(rest[i]);
            rest.RemoveAt(i);
        }

        return picked;
    }

    private static double Miles(ref DemoRandom rng) => (rng.Next(3) switch { 0 => 25, 1 => 50, _ => 100 }) * Mile;

    private static (string Zip, double Latitude, double Longitude) Zip(ref DemoRandom rng, GeneratedVehicle row, PostalCodes codes)
    {
        if (rng.Chance(0.5))
        {
            return (row.Dealer.Zip, row.Dealer.Latitude, row.Dealer.Longitude);
        }

        var zip = codes[rng.Next(codes.Count)];
        codes.TryGet(zip, out var lat, out var lng);
        return (zip, lat, lng);
    }

    /// <summary>The first word of a value as a user types it: lower case, letters and digits only ("F150 Super Cab" → "f150").</summary>
    private static string FirstWord(string value) => BenchText.Tokens(value).FirstOrDefault(t => t.Length >= 2) ?? BenchText.Tokens(value).FirstOrDefault() ?? value;

    // One edit a fast typist makes: a dropped letter, two swapped letters or a neighbour key.
    private static string Misspell(string word, ref DemoRandom rng)
    {
        var chars = word.ToCharArray();
        var at = 1 + rng.Next(Math.Max(1, chars.Length - 2));
        switch (rng.Next(3))
        {
            case 0:
                return word.Remove(at, 1);
            case 1 when at + 1 < chars.Length && chars[at] != chars[at + 1]:
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                return new string(chars);
            default:
                chars[at] = chars[at] == 'e' ? 'r' : 'e';
                return new string(chars);
        }
    }
}
