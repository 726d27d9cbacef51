using Cronos;

namespace Mercato.Server.Jobs;

/// <summary>
/// Cron expressions through Cronos: five fields (minute hour day-of-month month day-of-week), six with seconds first,
/// and Cronos's macros (@hourly, @daily, @weekly, @monthly, @yearly, @every_minute, @every_second). Daylight-saving
/// transitions are Cronos's: a local time the clock skips fires right after the jump, a repeated one fires once
/// (interval expressions such as <c>*/15</c> keep their rhythm in both hours). When both day fields are restricted a day
/// must match both (Cronos's AND, not Vixie cron's OR).
/// </summary>
internal static class CronSchedule
{
    /// <summary>Parses <paramref name="text"/>; a bad expression throws <see cref="FormatException"/> saying why.</summary>
    public static CronExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!trimmed.StartsWith('@') && fields.Length is not (5 or 6))
        {
            throw new FormatException(
                $"cron expression '{trimmed}' has {fields.Length} field(s); expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
        }

        try
        {
            // Cronos wants single spaces between fields.
            return CronExpression.Parse(string.Join(' ', fields), fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            // Cronos names the field but not the expression; configuration errors should quote what was written.
            throw new FormatException($"cron expression '{trimmed}': {exception.Message}", exception);
        }
    }

    public static bool TryParse(string text, out CronExpression? expression, out string? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException exception)
        {
            expression = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> on the wall clock of <paramref name="zone"/>, in UTC; null if none.</summary>
    public static DateTimeOffset? Next(CronExpression cron, DateTimeOffset after, TimeZoneInfo zone) =>
        cron.GetNextOccurrence(after, zone) is { } next ? next.ToUniversalTime() : null;
}
