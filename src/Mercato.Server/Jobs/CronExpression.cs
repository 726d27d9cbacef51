using System.Globalization;

namespace Mercato.Server.Jobs;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week) with lists, ranges, steps, month and
/// weekday names, and the macros @hourly, @daily, @weekly, @monthly and @yearly. As in Vixie cron, when both day
/// fields are restricted a day matches if either does. Occurrences are computed in a time zone: a local time that
/// does not exist (clocks spring forward) fires at the end of the gap; a repeated local time fires once, the first time.
/// </summary>
internal sealed class CronExpression
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly ulong _minutes;
    private readonly uint _hours;
    private readonly uint _days;
    private readonly ushort _months;
    private readonly byte _weekdays;
    private readonly bool _daysRestricted;
    private readonly bool _weekdaysRestricted;

    private CronExpression(string text, ulong minutes, uint hours, uint days, ushort months, byte weekdays, bool daysRestricted, bool weekdaysRestricted)
    {
        Text = text;
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
        _daysRestricted = daysRestricted;
        _weekdaysRestricted = weekdaysRestricted;
    }

    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; a bad expression throws <see cref="FormatException"/> naming the field and the reason.</summary>
    public static CronExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var expanded = trimmed.ToUpperInvariant() switch
        {
            "@YEARLY" or "@ANNUALLY" => "0 0 1 1 *",
            "@MONTHLY" => "0 0 1 * *",
            "@WEEKLY" => "0 0 * * 0",
            "@DAILY" or "@MIDNIGHT" => "0 0 * * *",
            "@HOURLY" => "0 * * * *",
            _ when trimmed.StartsWith('@') => throw new FormatException($"unknown cron macro '{trimmed}'; use @hourly, @daily, @weekly, @monthly or @yearly"),
            _ => trimmed,
        };
        var fields = expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"cron expression '{trimmed}' has {fields.Length} field(s); expected 5: minute hour day-of-month month day-of-week");
        }

        var minutes = ParseField(fields[0], "minute", 0, 59, null);
        var hours = ParseField(fields[1], "hour", 0, 23, null);
        var days = ParseField(fields[2], "day-of-month", 1, 31, null);
        var months = ParseField(fields[3], "month", 1, 12, MonthNames);
        var weekdays = ParseField(fields[4], "day-of-week", 0, 7, DayNames);
        if ((weekdays & (1UL << 7)) != 0)
        {
            weekdays = (weekdays | 1UL) & ~(1UL << 7); // 7 is Sunday too
        }

        return new CronExpression(
            trimmed, minutes, (uint)hours, (uint)days, (ushort)months, (byte)weekdays,
            daysRestricted: fields[2] is not ("*" or "?"), weekdaysRestricted: fields[4] is not ("*" or "?"));
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

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if none within five years (e.g. "0 0 30 2 *").</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var candidate = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = candidate.AddYears(5);
        while (candidate < limit)
        {
            if (!Has(_months, candidate.Month))
            {
                candidate = new DateTime(candidate.Year, candidate.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
                continue;
            }

            if (!DayMatches(candidate))
            {
                candidate = candidate.Date.AddDays(1);
                continue;
            }

            if (!Has(_hours, candidate.Hour))
            {
                candidate = candidate.Date.AddHours(candidate.Hour + 1);
                continue;
            }

            if (!Has(_minutes, candidate.Minute))
            {
                candidate = candidate.AddMinutes(1);
                continue;
            }

            var instant = ToInstant(candidate, zone);
            if (instant > after)
            {
                return instant;
            }

            candidate = candidate.AddMinutes(1);
        }

        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dom = Has(_days, day.Day);
        var dow = Has(_weekdays, (int)day.DayOfWeek);
        return _daysRestricted && _weekdaysRestricted ? dom || dow : dom && dow;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            // Clocks jumped over this wall time: fire at the first valid minute after the gap.
            var next = local;
            while (zone.IsInvalidTime(next))
            {
                next = next.AddMinutes(1);
            }

            local = new DateTime(next.Year, next.Month, next.Day, next.Hour, 0, 0, DateTimeKind.Unspecified).AddMinutes(next.Minute);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static ulong ParseField(string field, string name, int min, int max, string[]? names)
    {
        ulong bits = 0;
        foreach (var part in field.Split(','))
        {
            if (part.Length == 0)
            {
                throw new FormatException($"cron {name} field '{field}' has an empty list item");
            }

            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var range = slash >= 0 ? part[..slash] : part;
            var step = 1;
            if (slash >= 0 && (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > max))
            {
                throw new FormatException($"cron {name} field '{field}': step '{part[(slash + 1)..]}' must be a whole number from 1 to {max}");
            }

            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max == 7 ? 6 : max);
            }
            else
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                low = Value(dash >= 0 ? range[..dash] : range, field, name, min, max, names);
                high = dash >= 0 ? Value(range[(dash + 1)..], field, name, min, max, names) : slash >= 0 ? (max == 7 ? 6 : max) : low;
                if (high < low)
                {
                    throw new FormatException($"cron {name} field '{field}': range '{range}' runs backwards");
                }
            }

            for (var value = low; value <= high; value += step)
            {
                bits |= 1UL << value;
            }
        }

        return bits;
    }

    private static int Value(string text, string field, string name, int min, int max, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= min && number <= max
                ? number
                : throw new FormatException($"cron {name} field '{field}': {number} is out of range {min}-{max}");
        }

        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        if (index < 0)
        {
            throw new FormatException($"cron {name} field '{field}': '{text}' is not a number{(names is null ? "" : " or a name like " + names[0])}");
        }

        return names == MonthNames ? index + 1 : index;
    }
}
