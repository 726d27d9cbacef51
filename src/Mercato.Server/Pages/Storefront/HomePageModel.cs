using Mercato.Search;
using Mercato.Server.Catalog;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages.Storefront;

public sealed record HomePageModel(Tenant Tenant, SearchResult? Facets, IReadOnlyList<Category> Categories);
