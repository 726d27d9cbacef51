namespace Mercato.Search;

/// <summary>Declares one field of the index and what may be done with it.</summary>
/// <param name="Name">Field name as used in documents, filters, sorts and facets (case-sensitive).</param>
/// <param name="Kind">How values are stored and compared.</param>
public sealed record FieldDefinition(string Name, FieldKind Kind)
{
    /// <summary>Full-text indexed (only for <see cref="FieldKind.Text"/>, <see cref="FieldKind.Keyword"/> and <see cref="FieldKind.KeywordList"/>).</summary>
    public bool Searchable { get; init; }

    /// <summary>BM25 weight of the field (for example title 3, make/model/brand 2, description 1).</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>May be used in filter expressions.</summary>
    public bool Filterable { get; init; }

    /// <summary>May be requested in facets (value counts, numeric stats, facet-value search).</summary>
    public bool Facetable { get; init; }

    /// <summary>May be used as a sort criterion.</summary>
    public bool Sortable { get; init; }
}
