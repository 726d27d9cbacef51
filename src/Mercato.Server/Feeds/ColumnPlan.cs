using Mercato.Server.Catalog;

namespace Mercato.Server.Feeds;

/// <summary>Where each column of a feed goes for one category: a listing field, an attribute (with the unit its bare numbers are in), or nowhere.</summary>
internal sealed class ColumnPlan(Category category, FeedMapping mapping)
{
    public sealed record Slot(int Column, string Name, string Target, AttributeDefinition? Attribute, string? Unit);

    private readonly List<Slot?> _slots = [];
    private readonly Dictionary<string, Slot> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), string> _spellings = [];

    public Category Category { get; } = category;

    public IReadOnlyList<Slot?> Slots => _slots;

    public Slot? Field(string target) => _fields.GetValueOrDefault(target);

    /// <summary>The schema's spelling of an enumerated value, remembered per raw value (feeds repeat the same few).</summary>
    public string Canonical(AttributeDefinition attribute, string raw)
    {
        if (_spellings.TryGetValue((attribute.Name, raw), out var known))
        {
            return known;
        }

        var canonical = FeedEnums.Canonical(raw, attribute.AllowedValues!);
        if (_spellings.Count < 10_000)
        {
            _spellings[(attribute.Name, raw)] = canonical;
        }

        return canonical;
    }

    /// <summary>How many columns land on an attribute of this category: the score that picks a feed's category.</summary>
    public int AttributeColumns => _slots.Count(s => s?.Attribute is not null);

    /// <summary>Plans the columns not planned yet (JSON Lines may add some later); returns the ones that map to nothing.</summary>
    public List<string> Extend(IReadOnlyList<string> columns)
    {
        var unmapped = new List<string>();
        var taken = new HashSet<string>(_slots.Where(s => s is not null).Select(s => s!.Target), StringComparer.Ordinal);
        for (var i = _slots.Count; i < columns.Count; i++)
        {
            var slot = Resolve(i, columns[i]);
            // The first column for a target wins; a second "price" column is reported rather than silently mixed in.
            if (slot is not null && !taken.Add(slot.Target))
            {
                slot = null;
            }

            _slots.Add(slot);
            if (slot is { Attribute: null })
            {
                _fields[slot.Target] = slot;
            }
            if (slot is null && !IsIgnored(columns[i]))
            {
                unmapped.Add(columns[i]);
            }
        }

        return unmapped;
    }

    /// <summary>Every planned column that maps to nothing and was not ignored on purpose.</summary>
    public List<string> Unplanned(IReadOnlyList<string> columns) =>
        [.. Enumerable.Range(0, Math.Min(_slots.Count, columns.Count)).Where(i => _slots[i] is null && !IsIgnored(columns[i])).Select(i => columns[i])];

    /// <summary>
    /// The "columns ignored" warning: the first 20 names (each cut to 60 characters) and how many more. It is stored
    /// with the import and served by the imports list, so it must not grow with a file of thousands of junk columns.
    /// </summary>
    public static string IgnoredWarning(string reason, IReadOnlyList<string> columns)
    {
        const int Shown = 20, Chars = 60;
        var names = string.Join(", ", columns.Take(Shown).Select(c => c.Length <= Chars ? c : string.Concat(c.AsSpan(0, Chars), "…")));
        return columns.Count <= Shown
            ? $"columns ignored ({reason}): {names}"
            : $"columns ignored ({reason}): {names} … and {columns.Count - Shown:N0} more";
    }

    private bool IsIgnored(string column) => mapping.Columns.TryGetValue(column, out var target) && target is null;

    private Slot? Resolve(int index, string column)
    {
        var unit = mapping.Units.GetValueOrDefault(column);
        if (mapping.Columns.TryGetValue(column, out var explicitTarget))
        {
            return explicitTarget is null ? null : Make(index, column, explicitTarget, unit);
        }

        var key = FeedSynonyms.Normalise(column);
        foreach (var attribute in Category.Attributes)
        {
            if (FeedSynonyms.Normalise(attribute.Name) == key)
            {
                return new Slot(index, column, attribute.Name, attribute, unit);
            }
        }

        return FeedSynonyms.Find(column) is { } synonym ? Make(index, column, synonym.Name, unit ?? synonym.Unit) : null;
    }

    private Slot? Make(int index, string column, string target, string? unit)
    {
        if (FeedSynonyms.ListingFields.Contains(target))
        {
            return new Slot(index, column, target, null, unit);
        }

        return Category.Find(target) is { } attribute ? new Slot(index, column, target, attribute, unit) : null;
    }
}
