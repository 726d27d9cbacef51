using System.Globalization;

namespace Mercato.Server.ReferenceData;

// Wholesale products made from our own words: product kinds with their category path, variants, sizes, pack counts
// and a unit price range, sold under invented brands whose sizes follow a long tail (a few large makers, many small
// ones). Deterministic: the same list on every start, so demo seeds and tests are repeatable.
internal static partial class BuiltInProducts
{
    public const int Count = 10_000;

    // 24 × 25 invented brand names: a few large makers and a long tail of small ones (see Brand).
    private static readonly string[] s_brandFirst =
    [
        "Harbour", "North", "Bright", "Oak", "Tide", "Copper", "Lark", "Stone", "Ash", "Blue", "Red", "Wren",
        "Elm", "Fern", "Heron", "Birch", "Kestrel", "Marsh", "Pine", "Quarry", "Salt", "Thorn", "Willow", "Bay",
    ];

    private static readonly string[] s_brandSecond =
    [
        "line", "field", "moor", "hurst", "well", "ridge", " & Co", "wood", "combe", "finch", "cliffe", " Supply",
        "gate", "brook", "stead", " Works", "mere", "ford", " Trading", "holm", "vale", "craft", " Goods", "wick", "ley",
    ];

    public static ProductSamples Generate()
    {
        var rows = new ProductSample[Count];
        var kinds = Kinds();
        for (var i = 0; i < Count; i++)
        {
            var state = Mix((ulong)i + 0x5EEDUL); // scrambled, so products do not share shifted streams
            var kind = kinds[Next(ref state, kinds.Length)];
            var variant = kind.Variants[Next(ref state, kind.Variants.Length)];
            var size = kind.Sizes[Next(ref state, kind.Sizes.Length)];
            var pack = kind.Packs[Next(ref state, kind.Packs.Length)];
            var brand = Brand(ref state);
            var name = pack > 1
                ? string.Create(CultureInfo.InvariantCulture, $"{brand} {variant} {kind.Noun}, {size}, Pack of {pack}")
                : $"{brand} {variant} {kind.Noun}, {size}";

            // Per-unit price inside the kind's range, a small discount for bigger packs, ending in 9p like a price list.
            var unit = kind.MinPence + (long)(Unit(ref state) * (kind.MaxPence - kind.MinPence));
            var total = (long)Math.Round(unit * pack * (pack >= 50 ? 0.7 : pack >= 10 ? 0.85 : 1.0));
            var price = Math.Max(99, (total / 10 * 10) + 9);
            var rated = Unit(ref state) < 0.8;
            rows[i] = new ProductSample(
                i + 1,
                string.Create(CultureInfo.InvariantCulture, $"{Mix((ulong)i):x16}{Mix((ulong)i ^ 0xA5A5A5A5UL):x16}"),
                name,
                brand,
                kind.Path,
                price,
                "GBP",
                Next(ref state, 21),
                rated ? (int)(200 * Math.Pow(Unit(ref state), 3)) : 0,
                rated ? Math.Round(3.5 + (1.5 * Unit(ref state)), 1) : null);
        }

        return new ProductSamples(rows);
    }

    // Skewed like a real catalogue: brand 0 is the largest maker, most brands have a product or two, and one
    // product in twenty has no brand.
    private static string Brand(ref ulong state)
    {
        if (Unit(ref state) < 0.05)
        {
            return ProductSamples.Unbranded;
        }

        var count = s_brandFirst.Length * s_brandSecond.Length;
        var index = Math.Min(count - 1, (int)(count * Math.Pow(Unit(ref state), 3)));
        return s_brandFirst[index % s_brandFirst.Length] + s_brandSecond[index / s_brandFirst.Length];
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static int Next(ref ulong state, int bound)
    {
        state += 0x9E3779B97F4A7C15UL;
        return (int)(Mix(state) % (ulong)bound);
    }

    private static double Unit(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return (Mix(state) >> 11) * (1.0 / (1UL << 53));
    }
}
