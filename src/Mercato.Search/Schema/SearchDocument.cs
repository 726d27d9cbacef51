namespace Mercato.Search;

/// <summary>
/// One document (listing) to index. Fields never set are missing (see <c>EXISTS</c>); a field set to null is
/// present with a null value (see <c>IS NULL</c>); an empty string or list is present and empty (see <c>IS EMPTY</c>).
/// Fields unknown to the index schema are ignored; a value whose type does not fit its field's kind makes the
/// index throw <see cref="ArgumentException"/> on upsert.
/// </summary>
public sealed class SearchDocument
{
    private readonly List<KeyValuePair<string, FieldValue>> _values = new(8);

    /// <summary>Creates an empty document with the caller's id (for example the listing id).</summary>
    public SearchDocument(long id) => Id = id;

    /// <summary>The caller's id; upserting another document with the same id replaces this one.</summary>
    public long Id { get; }

    internal IReadOnlyList<KeyValuePair<string, FieldValue>> Values => _values;

    /// <summary>Sets a Text or Keyword value, a Date as an ISO-8601 date or instant, or null for any kind.</summary>
    public SearchDocument Set(string field, string? value) => Put(field, value is null ? FieldValue.Null : FieldValue.OfText(value));

    /// <summary>Sets a KeywordList (an empty sequence is present but empty).</summary>
    public SearchDocument Set(string field, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Put(field, FieldValue.OfTexts([.. values]));
    }

    /// <summary>Sets an Integer, a Decimal, or a Date given as Unix epoch seconds (UTC).</summary>
    public SearchDocument Set(string field, long value) => Put(field, FieldValue.OfNumber(value));

    /// <summary>Sets a Decimal (or an Integer); the value must be finite.</summary>
    public SearchDocument Set(string field, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Numeric values must be finite.");
        }

        return Put(field, FieldValue.OfNumber(value));
    }

    /// <summary>Sets a Boolean.</summary>
    public SearchDocument Set(string field, bool value) => Put(field, FieldValue.OfBool(value));

    /// <summary>Sets a Date (stored as the Unix epoch seconds of its midnight UTC).</summary>
    public SearchDocument Set(string field, DateOnly value) =>
        Put(field, FieldValue.OfNumber(new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds()));

    /// <summary>Sets a Date (stored as Unix epoch seconds).</summary>
    public SearchDocument Set(string field, DateTimeOffset value) => Put(field, FieldValue.OfNumber(value.ToUnixTimeSeconds()));

    /// <summary>Sets a GeoPoint; latitude must lie in [-90, 90] and longitude in [-180, 180].</summary>
    public SearchDocument SetGeo(string field, double lat, double lng)
    {
        if (!double.IsFinite(lat) || lat is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(lat), lat, "Latitude must be a finite number in [-90, 90].");
        }

        if (!double.IsFinite(lng) || lng is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(lng), lng, "Longitude must be a finite number in [-180, 180].");
        }

        return Put(field, FieldValue.OfGeo(lat, lng));
    }

    private SearchDocument Put(string field, FieldValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        for (var i = 0; i < _values.Count; i++)
        {
            if (string.Equals(_values[i].Key, field, StringComparison.Ordinal))
            {
                _values[i] = new(field, value);
                return this;
            }
        }

        _values.Add(new(field, value));
        return this;
    }
}

internal enum ValueType : byte
{
    Null,
    Text,
    Texts,
    Number,
    Bool,
    Geo,
}

internal readonly record struct FieldValue(ValueType Type, string? Text, string[]? Texts, double Number, double Number2)
{
    public static FieldValue Null => default;

    public static FieldValue OfText(string s) => new(ValueType.Text, s, null, 0, 0);

    public static FieldValue OfTexts(string[] s) => new(ValueType.Texts, null, s, 0, 0);

    public static FieldValue OfNumber(double d) => new(ValueType.Number, null, null, d, 0);

    public static FieldValue OfBool(bool b) => new(ValueType.Bool, null, null, b ? 1 : 0, 0);

    public static FieldValue OfGeo(double lat, double lng) => new(ValueType.Geo, null, null, lat, lng);
}
