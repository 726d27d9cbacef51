using System.Globalization;

namespace Mercato.Server.ReferenceData;

/// <summary>A real or built-in product: what a wholesale listing is made from. <see cref="Line"/> keeps file order.</summary>
internal sealed record ProductSample(
    int Line, string Id, string Name, string Brand, string[] CategoryPath, long PriceMinor, string Currency, int Available, int Reviews, double? Rating);

/// <summary>
/// Products for the wholesale demo: from a product sample in the reference folder, or the built-in generator.
/// The file has no header; each line is uniq_id, product_name, category_path (" > " separated), manufacturer,
/// price (GBP: "£3.42", "3.42", a range "£3.42 - £5.00" whose first price counts, or empty), stock ("5 new"),
/// reviews, answered questions, average rating. Rows without a usable price are skipped, not errors.
/// </summary>
internal sealed class ProductSamples(IReadOnlyList<ProductSample> rows)
{
    public const string FileName = "amazon_uk_products.csv";
    public const string Unbranded = "Unbranded";
    public const string Uncategorized = "Uncategorized";

    public IReadOnlyList<ProductSample> Rows { get; } = rows;

    public static bool TryParse(TextReader reader, out ProductSamples? samples, out ReferenceFileError? error)
    {
        samples = null;
        var rows = new List<ProductSample>(10_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lastLine = 0;
        foreach (var (line, f) in CsvRecords.ReadNumbered(reader))
        {
            lastLine = line;
            if (f is [""])
            {
                continue;
            }

            if (f.Length != 9)
            {
                error = new ReferenceFileError(line, $"expected 9 fields, found {f.Length}");
                return false;
            }

            if (f[0].Trim().Length == 0 || f[1].Trim().Length == 0)
            {
                error = new ReferenceFileError(line, "uniq_id and product_name must not be empty");
                return false;
            }

            if (!TryParsePrice(f[4], out var price) || !seen.Add(f[0].Trim()))
            {
                continue;
            }

            var brand = f[3].Trim();
            rows.Add(new ProductSample(
                line,
                f[0].Trim(),
                f[1].Trim(),
                brand.Length == 0 ? Unbranded : brand,
                CategoryPath(f[2]),
                price,
                "GBP",
                LeadingInt(f[5]),
                LeadingInt(f[6]),
                TryLeadingDouble(f[8], out var rating) && rating is > 0 and <= 5 ? rating : null));
        }

        if (rows.Count == 0)
        {
            error = new ReferenceFileError(Math.Max(1, lastLine), "the file lists no product with a price");
            return false;
        }

        error = null;
        samples = new ProductSamples(rows);
        return true;
    }

    // 552 priced rows have no category; they go to one catch-all so every product has a path.
    private static string[] CategoryPath(string text)
    {
        var path = text.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return path.Length > 0 ? path : [Uncategorized];
    }

    // The first price of a range, in pence; false for empty, malformed or non-positive prices.
    internal static bool TryParsePrice(string text, out long pence)
    {
        pence = 0;
        var span = text.AsSpan().Trim();
        var dash = span.IndexOf('-');
        if (dash > 0)
        {
            span = span[..dash].Trim();
        }

        span = span.TrimStart('£').Trim();
        if (span.Length == 0
            || !decimal.TryParse(span, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var pounds)
            || pounds <= 0 || pounds > 1_000_000)
        {
            return false;
        }

        pence = (long)Math.Round(pounds * 100, MidpointRounding.AwayFromZero);
        return pence > 0;
    }

    // "5 new" (with a no-break space in the source), "1,234" or "" → the leading integer, 0 when absent; capped, not overflowed.
    private static int LeadingInt(string text)
    {
        var value = 0;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsAsciiDigit(c) && value < 100_000_000)
            {
                value = (value * 10) + (c - '0');
            }
            else if (c != ',')
            {
                break;
            }
        }

        return value;
    }

    private static bool TryLeadingDouble(string text, out double value)
    {
        var span = text.AsSpan().Trim();
        var end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
        {
            end++;
        }

        return double.TryParse(span[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
