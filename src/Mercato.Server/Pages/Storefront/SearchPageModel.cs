using Mercato.Search;
using Mercato.Server.Catalog;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages.Storefront;

public sealed record SearchPageModel(
    Tenant Tenant,
    StorefrontQuery Query,
    SearchResult? Result,
    IReadOnlyList<(Listing Listing, double? Distance)> Listings,
    IReadOnlyList<Category> Categories,
    string Path,
    string Heading,
    string? Description,
    string? Canonical,
    string? Error)
{
    /// <summary>Filtered and paged variants stay out of search engines; the canonical landing page is indexed.</summary>
    public bool NoIndex => Path == "/search" && (Query.Checked.Count > 0 || Query.Q is not null || Query.Page > 1);

    public string Label(string field) =>
        field == "category" ? "Category" : Categories.SelectMany(c => c.Attributes).FirstOrDefault(a => a.Name == field)?.Label ?? field;
}
