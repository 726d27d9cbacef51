using System.Data.Common;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Jobs;

/// <summary>
/// Job times are <c>timestamptz</c> on PostgreSQL and integer Unix milliseconds on SQLite (exact comparisons and
/// arithmetic in SQL). These convert both ways; every time comes from <see cref="TimeProvider"/>, never from SQL now().
/// </summary>
internal static class JobTime
{
    public static object Param(this Database database, DateTimeOffset time) =>
        database.IsPostgres ? time.ToUniversalTime() : time.ToUnixTimeMilliseconds();

    public static object? Param(this Database database, DateTimeOffset? time) => time is { } value ? database.Param(value) : null;

    public static DateTimeOffset Read(DbDataReader reader, int ordinal) => Convert(reader.GetValue(ordinal));

    public static DateTimeOffset? ReadNullable(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert(reader.GetValue(ordinal));

    public static DateTimeOffset Convert(object value) => value switch
    {
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        _ => throw new InvalidCastException($"not a job time: {value.GetType().Name}"),
    };
}
