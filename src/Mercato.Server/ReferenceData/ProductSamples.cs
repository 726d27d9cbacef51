using System.Globalization;

namespace Mercato.Server.Demo;

// Reading the raw file: no header; uniq_id, product_name, category_path, manufacturer, price, stock, reviews,
// answered questions, rating. Prices may be "£3.42", "3.42", "£3.42 - £5.00" or empty; stock looks like "5 new".
internal static partial class WholesaleCatalog
{
    private sealed record SourceRow(
        int Line, string Id, string Name, string Brand, string[] CategoryPath, long PriceMinor, int Available, int Reviews, double? Rating);

    private static SourceRow[] ReadRows()
    {
        using var stream = CsvRecords.OpenEmbedded(Resource);
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    private static SourceRow[] Parse(TextReader reader)
    {
        var rows = new List<SourceRow>(10_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var f in CsvRecords.Read(reader))
        {
            line++;
            if (f.Length < 9 || f[0].Trim().Length == 0 || f[1].Trim().Length == 0 || !TryParsePrice(f[4], out var price)
                || !seen.Add(f[0].Trim()))
            {
                continue;
            }

            var brand = f[3].Trim();
            rows.Add(new SourceRow(
                line,
                f[0].Trim(),
                f[1].Trim(),
                brand.Length == 0 ? Unbranded : brand,
                CategoryPath(f[2]),
                price,
                LeadingInt(f[5]),
                LeadingInt(f[6]),
                TryLeadingDouble(f[8], out var rating) && rating is > 0 and <= 5 ? rating : null));
        }

        return [.. rows];
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

    // "5 new" (with a no-break space in the source), "1,234" or "" → the leading integer, 0 when absent.
    private static int LeadingInt(string text)
    {
        var value = 0;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                value = checked((value * 10) + (c - '0'));
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
