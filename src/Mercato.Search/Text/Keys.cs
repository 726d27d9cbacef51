using System.Globalization;

namespace Mercato.Search.Text;

/// <summary>Normal forms of keyword values and dates shared by indexing and filtering.</summary>
internal static class Keys
{
    /// <summary>Keyword values compare case-insensitively after trimming, like Meilisearch facet values.</summary>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    public static string BoolKey(bool value) => value ? "true" : "false";

    /// <summary>Invariant display form of a number (integers without decimals).</summary>
    public static string NumberText(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO-8601 date ("2024-05-01") or instant into Unix epoch seconds.</summary>
    public static bool TryParseDate(string text, out double epochSeconds)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            epochSeconds = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
            return true;
        }

        if (text.Length >= 10 && text[4] == '-' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            epochSeconds = instant.ToUnixTimeSeconds();
            return true;
        }

        epochSeconds = 0;
        return false;
    }

    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
