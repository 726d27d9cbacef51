using System.Globalization;
using Mercato.Server.ReferenceData;

namespace Mercato.Server.Demo;

internal sealed record GeneratedProduct(
    string ExternalId,
    string SellerExternalId,
    string Sku,
    string Name,
    string Brand,
    IReadOnlyList<string> CategoryPath,
    long PriceMinor,
    string Currency,
    int Stock,
    int Moq,
    int CasePack,
    IReadOnlyList<(int MinQuantity, long PriceMinor)> Tiers,
    double? Rating,
    int Reviews);

internal sealed record GeneratedSeller(string ExternalId, string Name, string Kind, string Country, string Zip, double Latitude, double Longitude);

// Wholesale demo catalog from the reference data's product samples (a real product sample from the reference folder,
// or the built-in generator): names, brands, categories and prices; MOQ, case packs, tiers and stock are derived,
// seeded per product. Sellers sit in the built-in cities of the five countries the demo sells in.
internal static class WholesaleCatalog
{
    private const int ManufacturerMinProducts = 3;

    private static readonly string[] s_distributors =
    [
        "Northgate Wholesale", "Brightline Trade Supply", "Harbor Point Distribution", "Keystone Merchandise",
        "Bluewater Trading Co.", "Summit Wholesale Group", "Redwood Supply Partners", "Atlas Toy & Hobby Distributors",
        "Prairie Goods Wholesale", "Lakeshore Distribution", "Union Street Traders", "Granite State Supply",
        "Copperline Wholesale", "Meadowbrook Distributors", "Eastbound Trade Co.", "Silver Creek Merchandise",
        "Crescent Wholesale", "Pacific Rim Importers", "Heartland Hobby Supply", "Old Mill Trading",
    ];

    public static (IReadOnlyList<GeneratedSeller> Sellers, IReadOnlyList<GeneratedProduct> Products) Load(
        ReferenceDataSet reference, int maxProducts, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxProducts);

        // A seeded sample spread over the whole file, kept in file order.
        var picked = reference.Products.Rows
            .OrderBy(r => DemoRandom.Mix(DemoRandom.StableHash(r.Id) ^ (ulong)(uint)seed))
            .Take(maxProducts)
            .OrderBy(r => r.Line)
            .ToArray();

        var brandCounts = picked.GroupBy(r => r.Brand, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sellers = new List<GeneratedSeller>();
        var sellerByBrand = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (brand, _) in brandCounts
            .Where(p => p.Value >= ManufacturerMinProducts && p.Key != ProductSamples.Unbranded)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            sellerByBrand[brand] = AddSeller(sellers, reference.Cities, brand, "manufacturer", seed).ExternalId;
        }

        // Small brands are grouped under distributors, each brand always with the same one.
        var distributorIds = new string?[s_distributors.Length];
        foreach (var brand in brandCounts.Keys.Where(b => !sellerByBrand.ContainsKey(b)).Order(StringComparer.Ordinal))
        {
            var d = (int)(DemoRandom.Mix(DemoRandom.StableHash(brand) + (ulong)(uint)seed) % (ulong)s_distributors.Length);
            distributorIds[d] ??= AddSeller(sellers, reference.Cities, s_distributors[d], "distributor", seed).ExternalId;
            sellerByBrand[brand] = distributorIds[d]!;
        }

        var products = picked.Select(r => Product(r, sellerByBrand[r.Brand], seed)).ToArray();
        return (sellers, products);
    }

    private static GeneratedSeller AddSeller(List<GeneratedSeller> sellers, IReadOnlyList<City> cities, string name, string kind, int seed)
    {
        var city = cities[(int)(DemoRandom.Mix(DemoRandom.StableHash(name) ^ (ulong)(uint)seed) % (ulong)cities.Count)];
        var seller = new GeneratedSeller(
            string.Create(CultureInfo.InvariantCulture, $"W{sellers.Count + 1:D6}"), name, kind, city.Country, city.PostalCode, city.Latitude, city.Longitude);
        sellers.Add(seller);
        return seller;
    }

    private static GeneratedProduct Product(ProductSample row, string sellerId, int seed)
    {
        var rng = DemoRandom.ForRow(seed, (long)(DemoRandom.StableHash(row.Id) >> 1), stream: 2);
        var price = row.PriceMinor;
        var (casePack, moq) = price switch
        {
            < 500 => Pack(ref rng, [12, 24, 48], [2, 4]),
            < 2_000 => Pack(ref rng, [6, 12, 24], [1, 2]),
            < 10_000 => Pack(ref rng, [2, 4, 6], [1, 2]),
            _ => Pack(ref rng, [1], [1, 2, 5]),
        };

        // Breaks at the MOQ (list price), ~5× and, for most products, ~20× the MOQ.
        var tiers = new List<(int MinQuantity, long PriceMinor)>(3) { (moq, price) };
        var second = Math.Max(1, (long)Math.Round(price * (0.90 + (0.04 * rng.NextDouble()))));
        if (second < price)
        {
            tiers.Add((moq * 5, second));
            var third = Math.Max(1, (long)Math.Round(price * (0.80 + (0.05 * rng.NextDouble()))));
            if (rng.Chance(0.6) && third < second)
            {
                tiers.Add((moq * 20, third));
            }
        }

        var stock = row.Available > 0
            ? row.Available * casePack * rng.Next(4, 13)
            : rng.Chance(0.12) ? 0 : casePack * rng.Next(5, 251);

        return new GeneratedProduct(
            row.Id, sellerId, Sku(row), row.Name, row.Brand, row.CategoryPath, price, row.Currency, stock, moq, casePack, tiers,
            row.Rating, row.Reviews);
    }

    private static (int CasePack, int Moq) Pack(ref DemoRandom rng, int[] casePacks, int[] casesPerOrder)
    {
        var casePack = casePacks[rng.Next(casePacks.Length)];
        return (casePack, casePack * casesPerOrder[rng.Next(casesPerOrder.Length)]);
    }

    private static string Sku(ProductSample row)
    {
        Span<char> prefix = stackalloc char[3];
        var length = 0;
        foreach (var c in row.Brand)
        {
            if (length < prefix.Length && char.IsAsciiLetterOrDigit(c))
            {
                prefix[length++] = char.ToUpperInvariant(c);
            }
        }

        for (; length < prefix.Length; length++)
        {
            prefix[length] = 'X';
        }

        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{row.Id.AsSpan(0, Math.Min(8, row.Id.Length)).ToString().ToUpperInvariant()}");
    }
}
