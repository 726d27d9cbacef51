using System.Globalization;

namespace Mercato.Server.Pages.Storefront;

internal static class MoneyText
{
    public static string Format(long minor, string currency)
    {
        var symbol = currency switch { "USD" => "$", "GBP" => "£", "EUR" => "€", "CAD" => "CA$", "AUD" => "A$", _ => currency + " " };
        var major = minor / 100m;
        return symbol + major.ToString(minor % 100 == 0 ? "N0" : "N2", CultureInfo.InvariantCulture);
    }

    public static string Format(Catalog.Money? money) => money is null ? "Price on request" : Format(money.Amount, money.Currency);
}
