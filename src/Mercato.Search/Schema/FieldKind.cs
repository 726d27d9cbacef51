namespace Mercato.Search;

/// <summary>The type of a field, which decides how it is stored, filtered, sorted and faceted.</summary>
public enum FieldKind
{
    /// <summary>Free text; tokenized for full-text search when <see cref="FieldDefinition.Searchable"/>.</summary>
    Text,

    /// <summary>A single string value compared case-insensitively in filters (make, model, colour).</summary>
    Keyword,

    /// <summary>Several string values (features, tags); a filter matches when any element matches.</summary>
    KeywordList,

    // CA1720: the kind names mirror the catalog schema's attribute types, which the public API fixes.
#pragma warning disable CA1720
    /// <summary>A 64-bit integer (stored as a double, exact up to 2^53).</summary>
    Integer,

    /// <summary>A finite double.</summary>
    Decimal,
#pragma warning restore CA1720

    /// <summary>A date or instant, stored as Unix epoch seconds (UTC).</summary>
    Date,

    /// <summary>A boolean, filtered and faceted as the values <c>true</c> and <c>false</c>.</summary>
    Boolean,

    /// <summary>A latitude/longitude pair in degrees (WGS 84).</summary>
    GeoPoint,
}
