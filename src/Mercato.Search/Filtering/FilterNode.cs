namespace Mercato.Search.Filtering;

/// <summary>Comparison operators after desugaring (negated forms become <see cref="NotNode"/>).</summary>
internal enum FilterOp
{
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
    Range,
    In,
    Exists,
    IsNull,
    IsEmpty,
}

/// <summary>A filter value, pre-converted for the field's kind: folded key for strings, number for numeric kinds.</summary>
internal readonly record struct FilterValue(string Key, double Number);

internal abstract record FilterNode;

internal sealed record AndNode(IReadOnlyList<FilterNode> Children) : FilterNode;

internal sealed record OrNode(IReadOnlyList<FilterNode> Children) : FilterNode;

internal sealed record NotNode(FilterNode Child) : FilterNode;

internal sealed record ConditionNode(int Field, FilterOp Op, IReadOnlyList<FilterValue> Values) : FilterNode;

internal sealed record GeoRadiusNode(int Field, double Lat, double Lng, double Meters) : FilterNode;

/// <summary>Box given by its north-east and south-west corners; <c>East &lt; West</c> crosses the antimeridian.</summary>
internal sealed record GeoBoxNode(int Field, double North, double East, double South, double West) : FilterNode;

internal static class FilterTree
{
    /// <summary>The conjuncts of the top-level AND (nested ANDs flattened).</summary>
    public static List<FilterNode> Conjuncts(FilterNode? node)
    {
        var list = new List<FilterNode>();
        Collect(node, list);
        return list;

        static void Collect(FilterNode? n, List<FilterNode> into)
        {
            if (n is null)
            {
                return;
            }

            if (n is AndNode and)
            {
                foreach (var c in and.Children)
                {
                    Collect(c, into);
                }
            }
            else
            {
                into.Add(n);
            }
        }
    }

    /// <summary>
    /// The field a conjunct selects values of disjunctively (an IN list, or an OR whose every leaf is a condition on
    /// one field), or -1. Facet counts of that field ignore such a conjunct, as checkbox facets need.
    /// </summary>
    public static int DisjunctiveField(FilterNode node)
    {
        if (node is ConditionNode { Op: FilterOp.In } c)
        {
            return c.Field;
        }

        if (node is not OrNode)
        {
            return -1;
        }

        var field = -1;
        return AllLeavesOn(node, ref field) ? field : -1;

        static bool AllLeavesOn(FilterNode n, ref int field)
        {
            switch (n)
            {
                case OrNode or:
                    foreach (var child in or.Children)
                    {
                        if (!AllLeavesOn(child, ref field))
                        {
                            return false;
                        }
                    }

                    return true;
                case ConditionNode cond when field == -1 || cond.Field == field:
                    field = cond.Field;
                    return true;
                default:
                    return false;
            }
        }
    }

    public static FilterNode? AndOf(List<FilterNode> parts) => parts.Count switch
    {
        0 => null,
        1 => parts[0],
        _ => new AndNode(parts),
    };
}
