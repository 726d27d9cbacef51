namespace Mercato.Server.Tenancy;

/// <summary>
/// The verticals a marketplace can serve. The names belong to Tenancy (a tenant lists its verticals); what a vertical
/// brings to the catalog (its categories and attribute schema) is Catalog's, reached through <see cref="IVerticalSetup"/>.
/// </summary>
internal static class VerticalNames
{
    public const string Vehicles = "vehicles";
    public const string Wholesale = "wholesale";
    public const string Agents = "agents";

    public static readonly IReadOnlyList<string> All = [Vehicles, Wholesale, Agents];

    public static bool IsKnown(string vertical) => All.Contains(vertical);
}
