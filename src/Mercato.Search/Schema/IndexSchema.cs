namespace Mercato.Search;

/// <summary>The immutable set of fields of an index.</summary>
public sealed class IndexSchema
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates a schema; names must be unique and the flags must fit each field's kind.</summary>
    /// <exception cref="ArgumentException">A name is empty, reserved or duplicated, or a flag does not fit the kind.</exception>
    public IndexSchema(IEnumerable<FieldDefinition> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = new List<FieldDefinition>();
        foreach (var field in fields)
        {
            ArgumentNullException.ThrowIfNull(field);
            Validate(field);
            if (!_byName.TryAdd(field.Name, list.Count))
            {
                throw new ArgumentException($"Field '{field.Name}' is declared twice.", nameof(fields));
            }

            list.Add(field);
        }

        Fields = list;
    }

    /// <summary>The fields in declaration order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The field with this exact name, or null.</summary>
    public FieldDefinition? Find(string name) => _byName.TryGetValue(name, out var i) ? Fields[i] : null;

    internal int IndexOf(string name) => _byName.TryGetValue(name, out var i) ? i : -1;

    private static void Validate(FieldDefinition field)
    {
        if (string.IsNullOrWhiteSpace(field.Name) || field.Name.StartsWith('_'))
        {
            throw new ArgumentException($"Field name '{field.Name}' is empty or starts with '_' (reserved).", nameof(field));
        }

        if (field.Name.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '(' or ')' or '[' or ']' or ',' or '=' or '!' or '<' or '>' or ':'))
        {
            throw new ArgumentException($"Field name '{field.Name}' contains a character reserved by the filter and sort syntax.", nameof(field));
        }

        if (field.Searchable && field.Kind is not (FieldKind.Text or FieldKind.Keyword or FieldKind.KeywordList))
        {
            throw new ArgumentException($"Field '{field.Name}' of kind {field.Kind} cannot be searchable.", nameof(field));
        }

        if (!double.IsFinite(field.Weight) || field.Weight <= 0)
        {
            throw new ArgumentException($"Field '{field.Name}' needs a positive finite weight.", nameof(field));
        }

        if (field.Sortable && field.Kind is FieldKind.KeywordList or FieldKind.GeoPoint)
        {
            throw new ArgumentException($"Field '{field.Name}' of kind {field.Kind} cannot be sortable (use _geoPoint(lat, lng) to sort by distance).", nameof(field));
        }

        if (field.Facetable && field.Kind == FieldKind.GeoPoint)
        {
            throw new ArgumentException($"Field '{field.Name}' of kind GeoPoint cannot be facetable.", nameof(field));
        }
    }
}
