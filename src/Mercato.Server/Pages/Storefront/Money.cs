using System.Globalization;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Pages.Storefront;

/// <summary>Prices for shoppers: a symbol for the common currencies and the currency's own number of decimals (none for JPY).</summary>
internal static class MoneyText
{
    /// <summary>Whole amounts without decimals, as on listing cards: $18,990, $8.99, ¥1,200.</summary>
    public static string Format(long minor, string currency)
    {
        var major = Currencies.ToMajor(minor, currency);
        return Text(major, currency, major == decimal.Truncate(major) ? 0 : Currencies.MinorDigits(currency));
    }

    /// <summary>Every decimal the currency has, as on a receipt: $18,990.00, ¥1,200, 1.250 KWD.</summary>
    public static string Exact(long minor, string currency) => Text(Currencies.ToMajor(minor, currency), currency, Currencies.MinorDigits(currency));

    public static string Format(Catalog.Money? money) => money is null ? "Price on request" : Format(money.Amount, money.Currency);

    private static string Text(decimal major, string currency, int digits)
    {
        var symbol = currency switch { "USD" => "$", "GBP" => "£", "EUR" => "€", "CAD" => "CA$", "AUD" => "A$", "JPY" => "¥", _ => currency + " " };
        return (major < 0 ? "−" : "") + symbol + Math.Abs(major).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
