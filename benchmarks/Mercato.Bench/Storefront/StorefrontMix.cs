using System.Globalization;
using Mercato.Bench.Search;
using Mercato.Server.Demo;
using Mercato.Server.Sellers;

namespace Mercato.Bench.Storefront;

/// <summary>One page request of the mix: its kind and the <c>/search</c> URL a shopper's browser would send.</summary>
internal sealed record StorefrontRequest(string Kind, string Url);

/// <summary>
/// The storefront's request mix: the search benchmark's query kinds (<see cref="QueryMix"/>) as the search page's URL
/// parameters (<see cref="StorefrontQuery.Parse"/>). Request i depends only on (seed, i, N); its values come from a
/// generated row (real makes, models, trims, prices, dealer ZIP codes) or a random real US ZIP code.
/// </summary>
internal static class StorefrontMix
{
    // Kind, weight (per 100 requests). docs/benchmarks.md describes each kind.
    private static readonly (string Kind, double Weight)[] Kinds =
    [
        ("text", 16), ("text-make-model", 8), ("text-model-trim", 6), ("typo", 6), ("checkbox", 14), ("ranges", 10),
        ("radius", 10), ("radius-filtered", 6), ("newest", 6), ("page", 14), ("browse", 4),
    ];

    private static readonly double[] KindCumulative = DemoRandom.Cumulative([.. Kinds.Select(k => k.Weight)]);

    public static IReadOnlyList<string> KindNames => [.. Kinds.Select(k => k.Kind)];

    /// <summary>Requests <paramref name="first"/> .. first + count − 1 of the mix (the warm-up takes numbers after the measured ones).</summary>
    public static List<StorefrontRequest> Create(VehicleGenerator generator, int listings, int first, int count, int seed)
    {
        var requests = new List<StorefrontRequest>(count);
        var codes = generator.PostalCodes;
        for (var i = first; i < first + count; i++)
        {
            var rng = DemoRandom.ForRow(seed, i, stream: 0x5F0AE);
            var kind = Kinds[rng.Pick(KindCumulative)].Kind;
            var row = generator.Row(rng.Next(listings));
            var other = generator.Row(rng.Next(listings));
            requests.Add(new StorefrontRequest(kind, Url(Make(kind, ref rng, row, other, codes))));
        }

        return requests;
    }

    private static List<(string Key, string Value)> Make(string kind, ref DemoRandom rng, GeneratedVehicle row, GeneratedVehicle other, PostalCodes codes)
    {
        var model = BenchText.Tokens(row.Model).FirstOrDefault() ?? row.Model;
        var make = BenchText.Tokens(row.Make).FirstOrDefault() ?? row.Make;
        List<(string, string)> p = [];

        // Text typed into the header's search box has no category; half the time it is typed on the vehicles page.
        void Text(string q, ref DemoRandom r)
        {
            p.Add(("q", q));
            if (r.Chance(0.5))
            {
                p.Add(("cat", "vehicles"));
            }
        }

        switch (kind)
        {
            case "text":
                Text(model, ref rng);
                break;
            case "text-make-model":
                Text($"{make} {model}", ref rng);
                break;
            case "text-model-trim":
                Text($"{model} {BenchText.Tokens(row.Trim).FirstOrDefault() ?? row.Trim}", ref rng);
                break;
            case "typo":
                Text($"{make} {Misspell(model, ref rng)}", ref rng);
                break;
            case "checkbox":
                p.Add(("cat", "vehicles"));
                p.Add(("make", row.Make));
                if (other.Make != row.Make)
                {
                    p.Add(("make", other.Make));
                }

                if (rng.Chance(0.5))
                {
                    p.Add(("model", row.Model));
                }

                p.Add(("sort", rng.Chance(0.5) ? "price_asc" : "newest"));
                break;
            case "ranges":
                var price = row.PriceMinor / 100;
                p.Add(("cat", "vehicles"));
                p.Add(("price_min", Number(price * 6 / 10 / 100 * 100)));
                p.Add(("price_max", Number(price * 13 / 10 / 100 * 100)));
                p.Add(("year_min", Number(row.Year - 3)));
                p.Add(("mileage_max", Number(Math.Max(10_000, row.Mileage * 2))));
                p.Add(("sort", rng.Chance(0.5) ? "year_desc" : "price_desc"));
                break;
            case "radius":
                p.Add(("cat", "vehicles"));
                p.Add(("zip", Zip(ref rng, row, codes)));
                p.Add(("radius", Number(Miles(ref rng))));
                p.Add(("sort", "distance"));
                break;
            case "radius-filtered":
                p.Add(("cat", "vehicles"));
                p.Add(("make", row.Make));
                p.Add(("price_max", Number(row.PriceMinor * 3 / 2 / 10_000 * 100)));
                p.Add(("zip", Zip(ref rng, row, codes)));
                p.Add(("radius", Number(Miles(ref rng) * 2)));
                p.Add(("sort", "price_asc"));
                break;
            case "newest":
                p.Add(("cat", "vehicles"));
                p.Add(("condition", "used"));
                p.Add(("condition", "certified"));
                p.Add(("body", row.Body));
                if (other.Body != row.Body)
                {
                    p.Add(("body", other.Body));
                }

                p.Add(("sort", "newest"));
                break;
            case "page":
                // Paging through a make or a typed model: pages 2 to 5.
                if (rng.Chance(0.5))
                {
                    p.Add(("cat", "vehicles"));
                    p.Add(("make", row.Make));
                    p.Add(("sort", rng.Chance(0.5) ? "price_asc" : "newest"));
                }
                else
                {
                    p.Add(("q", model));
                }

                p.Add(("page", Number(2 + rng.Next(4))));
                break;
            default:
                p.Add(("cat", "vehicles"));
                break;
        }

        return p;
    }

    private static string Url(List<(string Key, string Value)> parameters) =>
        "/search" + string.Concat(parameters.Select((p, i) => $"{(i == 0 ? '?' : '&')}{p.Key}={Uri.EscapeDataString(p.Value)}"));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Miles(ref DemoRandom rng) => rng.Next(3) switch { 0 => 25, 1 => 50, _ => 100 };

    private static string Zip(ref DemoRandom rng, GeneratedVehicle row, PostalCodes codes)
    {
        if (rng.Chance(0.5))
        {
            return row.Dealer.Zip;
        }

        return codes[rng.Next(codes.Count)];
    }

    // One dropped, swapped or wrong letter, as a fast typist makes.
    private static string Misspell(string word, ref DemoRandom rng)
    {
        if (word.Length < 4)
        {
            return word;
        }

        var chars = word.ToCharArray();
        var at = 1 + rng.Next(chars.Length - 2);
        switch (rng.Next(3))
        {
            case 0:
                return word.Remove(at, 1);
            case 1 when chars[at] != chars[at + 1]:
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                return new string(chars);
            default:
                chars[at] = chars[at] == 'e' ? 'r' : 'e';
                return new string(chars);
        }
    }
}
