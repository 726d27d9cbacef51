namespace Mercato.Server.Infrastructure;

/// <summary>Active ISO 4217 currency codes. Money is always integer minor units plus one of these.</summary>
internal static class Currencies
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
        "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
        "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
        "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
        "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
        "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
        "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
        "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SYP", "SZL",
        "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND",
        "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
    };

    // ISO 4217 exponents other than 2: currencies without minor units, and the dinars and rials of a thousand fils.
    private static readonly HashSet<string> NoMinorUnits = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThousandthUnits = new(StringComparer.Ordinal) { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };

    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);

    /// <summary>Digits after the decimal point (ISO 4217's exponent): 0 for JPY, 3 for KWD, 2 for most.</summary>
    public static int MinorDigits(string currency) => NoMinorUnits.Contains(currency) ? 0 : ThousandthUnits.Contains(currency) ? 3 : 2;

    /// <summary>The amount in major units: 1999 USD is 19.99, 1999 JPY is 1999.</summary>
    public static decimal ToMajor(long minor, string currency) => minor / (decimal)Math.Pow(10, MinorDigits(currency));

    /// <summary>Minor units of an amount a person typed in major units ("12.5" USD is 1250); null when it has more digits than the currency.</summary>
    public static long? FromMajor(decimal major, string currency)
    {
        var minor = major * (decimal)Math.Pow(10, MinorDigits(currency));
        return minor == decimal.Truncate(minor) && Math.Abs(minor) <= long.MaxValue ? (long)minor : null;
    }

    /// <summary>"1,234.50 USD", "1,235 JPY": invariant digits for mails, logs and plain text.</summary>
    public static string Format(long minor, string currency) =>
        ToMajor(minor, currency).ToString("N" + MinorDigits(currency).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) + " " + currency;
}
