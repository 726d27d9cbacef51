using System.Globalization;

namespace Mercato.Server.Feeds;

/// <summary>
/// Reads the ways feeds write numbers, money, quantities with units, booleans and dates: "$5,000", "5.000,00 €",
/// "150,000km", "12k mi", "yes", "31/01/2024". Each method returns false (never throws) so the row gets a clear reason.
/// </summary>
internal static class FeedValues
{
    private static readonly Dictionary<string, string> CurrencySymbols = new(StringComparer.Ordinal)
    {
        ["$"] = "USD",
        ["US$"] = "USD",
        ["€"] = "EUR",
        ["£"] = "GBP",
        ["¥"] = "JPY",
        ["C$"] = "CAD",
        ["A$"] = "AUD",
        ["CA$"] = "CAD",
        ["AU$"] = "AUD",
        ["₹"] = "INR",
        ["R$"] = "BRL",
        ["₩"] = "KRW",
        ["CHF"] = "CHF",
        ["kr"] = "SEK",
        ["zł"] = "PLN",
    };

    private static readonly HashSet<string> ZeroDecimals = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThreeDecimals = new(StringComparer.Ordinal) { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };

    // Factor to the first unit of each family; a value converts only within its family.
    private static readonly Dictionary<string, (string Family, double Factor)> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mi"] = ("distance", 1),
        ["mile"] = ("distance", 1),
        ["miles"] = ("distance", 1),
        ["km"] = ("distance", 0.621371192),
        ["kms"] = ("distance", 0.621371192),
        ["kilometer"] = ("distance", 0.621371192),
        ["kilometers"] = ("distance", 0.621371192),
        ["kilometre"] = ("distance", 0.621371192),
        ["kilometres"] = ("distance", 0.621371192),
        ["kg"] = ("mass", 1),
        ["kgs"] = ("mass", 1),
        ["g"] = ("mass", 0.001),
        ["lb"] = ("mass", 0.45359237),
        ["lbs"] = ("mass", 0.45359237),
        ["oz"] = ("mass", 0.028349523125),
        ["t"] = ("mass", 1000),
        ["units"] = ("count", 1),
        ["unit"] = ("count", 1),
        ["pcs"] = ("count", 1),
        ["pc"] = ("count", 1),
        ["pieces"] = ("count", 1),
        ["new"] = ("count", 1),
        ["used"] = ("count", 1),
    };

    public static int MinorDigits(string currency) => ZeroDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    /// <summary>"$5,000", "5.000,00 €", "EUR 18990", "10499 USD" → minor units and the currency when the text names one.</summary>
    public static bool TryParseMoney(string raw, out decimal major, out string? currency)
    {
        currency = null;
        major = 0;
        var text = raw.Trim();
        var negative = false;
        if (text.StartsWith('-') || (text.StartsWith('(') && text.EndsWith(')')))
        {
            negative = true;
            text = text.Trim('-', '(', ')', ' ');
        }

        // Peel a currency code or symbol off either end.
        foreach (var (symbol, code) in CurrencySymbols)
        {
            if (text.StartsWith(symbol, StringComparison.Ordinal))
            {
                currency = code;
                text = text[symbol.Length..].Trim();
                break;
            }

            if (text.EndsWith(symbol, StringComparison.Ordinal))
            {
                currency = code;
                text = text[..^symbol.Length].Trim();
                break;
            }
        }

        if (text.Length > 3 && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1]) && char.IsAsciiLetterUpper(text[2]) && !char.IsAsciiLetter(text[3]))
        {
            currency = text[..3];
            text = text[3..].Trim();
        }
        else if (text.Length > 3 && char.IsAsciiLetterUpper(text[^1]) && char.IsAsciiLetterUpper(text[^2]) && char.IsAsciiLetterUpper(text[^3]) && !char.IsAsciiLetter(text[^4]))
        {
            currency = text[^3..];
            text = text[..^3].Trim();
        }

        if (text.StartsWith('-'))
        {
            negative = true;
            text = text[1..].Trim();
        }

        if (!TryParseNumber(text, euroHint: currency == "EUR", out major))
        {
            return false;
        }

        major = negative ? -major : major;
        return true;
    }

    public static bool TryToMinor(decimal major, string currency, out long minor)
    {
        var scaled = major * (decimal)Math.Pow(10, MinorDigits(currency));
        minor = 0;
        if (scaled != decimal.Truncate(scaled) || Math.Abs(scaled) > 9e15m)
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }

    /// <summary>A number written with thousands separators in either convention: "5,000", "5.000,00", "1 234,5", "18990.50".</summary>
    public static bool TryParseNumber(string raw, bool euroHint, out decimal value)
    {
        value = 0;
        Span<char> clean = stackalloc char[Math.Min(raw.Length, 64)];
        if (raw.Length > 64)
        {
            return false;
        }

        var n = 0;
        int commas = 0, dots = 0, lastComma = -1, lastDot = -1;
        foreach (var c in raw)
        {
            if (c is ' ' or '\u00A0' or '\u202F' or '\'' or '_')
            {
                continue;
            }

            if (c == ',')
            {
                commas++;
                lastComma = n;
            }
            else if (c == '.')
            {
                dots++;
                lastDot = n;
            }
            else if (!char.IsAsciiDigit(c) && !(n == 0 && c is '-' or '+'))
            {
                return false;
            }

            clean[n++] = c;
        }

        var text = clean[..n];
        char? decimalMark = null;
        if (commas > 0 && dots > 0)
        {
            decimalMark = lastComma > lastDot ? ',' : '.';
        }
        else if (commas == 1 && n - lastComma - 1 != 3)
        {
            decimalMark = ',';
        }
        else if (dots == 1 && !(euroHint && n - lastDot - 1 == 3))
        {
            decimalMark = '.';
        }

        Span<char> invariant = stackalloc char[n];
        var m = 0;
        foreach (var c in text)
        {
            if (c is ',' or '.')
            {
                if (c == decimalMark)
                {
                    invariant[m++] = '.';
                }

                continue;
            }

            invariant[m++] = c;
        }

        return m > 0 && decimal.TryParse(invariant[..m], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// A quantity in the schema's unit: "150,000km" with unit "mi" → 93,206; "12k mi" → 12,000; a bare number is taken in
    /// <paramref name="assumedUnit"/> (from the column name, e.g. "odometer_km") or else already in the schema's unit.
    /// </summary>
    public static bool TryParseQuantity(string raw, string? schemaUnit, string? assumedUnit, bool whole, out double value, out string? error)
    {
        error = null;
        value = 0;
        var text = raw.Trim();
        var split = text.Length;
        while (split > 0 && (char.IsLetter(text[split - 1]) || text[split - 1] == ' '))
        {
            split--;
        }

        var unit = text[split..].Trim();
        var number = text[..split].Trim();
        double multiplier = 1;
        if (unit.Length > 0 && (unit[0] is 'k' or 'K') && (unit.Length == 1 || unit[1] == ' ') && !Units.ContainsKey(unit))
        {
            multiplier = 1000;
            unit = unit[1..].Trim();
        }
        else if (number.EndsWith('k') || number.EndsWith('K'))
        {
            multiplier = 1000;
            number = number[..^1];
        }

        // For whole numbers "150.000" can only mean 150,000 (as "150,000" does).
        if (!TryParseNumber(number, euroHint: whole, out var parsed))
        {
            error = "is not a number";
            return false;
        }

        value = (double)parsed * multiplier;
        var given = unit.Length > 0 ? unit : assumedUnit;
        if (given is null || schemaUnit is null || string.Equals(given, schemaUnit, StringComparison.OrdinalIgnoreCase))
        {
            if (unit.Length > 0 && schemaUnit is null && !Units.ContainsKey(unit))
            {
                error = $"has an unknown unit '{unit}'";
                return false;
            }

            return true;
        }

        if (!Units.TryGetValue(given, out var from) || !Units.TryGetValue(schemaUnit, out var to))
        {
            error = $"has an unknown unit '{given}'";
            return false;
        }

        if (from.Family != to.Family)
        {
            error = $"is in '{given}', which cannot be converted to '{schemaUnit}'";
            return false;
        }

        value = value * from.Factor / to.Factor;
        return true;
    }

    public static bool TryParseBoolean(string raw, out bool value)
    {
        switch (raw.Trim().ToLowerInvariant())
        {
            case "yes" or "y" or "true" or "t" or "1" or "on" or "x":
                value = true;
                return true;
            case "no" or "n" or "false" or "f" or "0" or "off" or "":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "dd.MM.yyyy", "d.M.yyyy", "MM/dd/yyyy", "M/d/yyyy", "dd-MMM-yyyy", "d MMM yyyy", "MMM d, yyyy",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.fffZ", "yyyy-MM-ddTHH:mm:sszzz",
    ];

    /// <summary>ISO dates and times, "31.01.2024", US "01/31/2024" (and "31/01/2024" when the first part cannot be a month).</summary>
    public static bool TryParseDate(string raw, out DateOnly date)
    {
        var text = raw.Trim();
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
            return true;
        }

        return DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
