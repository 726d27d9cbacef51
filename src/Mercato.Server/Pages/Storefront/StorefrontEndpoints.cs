using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mercato.Search;
using Mercato.Server.Accounts;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Catalog;
using Mercato.Server.ReferenceData;
using Mercato.Server.Search;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Pages.Storefront;

/// <summary>The shopper-facing pages: home, search with facets, SEO landing pages, listing detail, sitemap, robots.</summary>
internal static class StorefrontEndpoints
{
    public static IEndpointRouteBuilder MapStorefrontEndpoints(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/", HomeAsync);
        pages.MapGet("/search", (
            HttpContext http, Tenant tenant, SearchIndexes indexes, ListingStore listings, CategoryStore categories, ReferenceDataSet reference, CancellationToken ct) =>
            SearchAsync(http, tenant, indexes, listings, categories, StorefrontQuery.Parse(http.Request.Query, reference.PostalCodes), "/search", null, null, ct));
        pages.MapGet("/vehicles/body/{body}", BodyLandingAsync);
        pages.MapGet("/vehicles/near/{zip}", NearLandingAsync);
        pages.MapGet("/vehicles/{make}/{model?}", LandingAsync);
        pages.MapGet("/listings/{id:long}", ListingPageEndpoint.ShowAsync);
        pages.MapPost("/listings/{id:long}/contact", ListingPageEndpoint.ContactAsync).LimitPosts();
        pages.MapGet("/sitemap.xml", SitemapAsync);
        pages.MapGet("/robots.txt", (HttpContext http) =>
            Results.Text($"User-agent: *\nDisallow: /api/\nDisallow: /search?\nSitemap: {BaseUrl(http)}/sitemap.xml\n", "text/plain"));
        return routes;
    }

    internal static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static async Task<IResult> HomeAsync(Tenant tenant, SearchIndexes indexes, CategoryStore categories, CancellationToken ct)
    {
        var index = indexes.Ready ? await indexes.GetAsync(tenant.Id, ct) : null;
        var wanted = new[] { "make", "body", ListingDocuments.Category }.Where(f => index?.Documents.Schema.Find(f) is { Facetable: true }).ToList();
        var facets = index?.Index.Search(new SearchQuery { Facets = wanted, Limit = 0, MaxValuesPerFacet = 16 });
        return new RazorComponentResult<HomePage>(new { Model = new HomePageModel(tenant, facets, await categories.ListAsync(tenant.Id, ct)) });
    }

    private static async Task<IResult> LandingAsync(
        HttpContext http, string make, string? model, Tenant tenant, SearchIndexes indexes, ListingStore listings, CategoryStore categories,
        ReferenceDataSet reference, CancellationToken ct)
    {
        if (!indexes.Ready)
        {
            return NotReady();
        }

        var index = await indexes.GetAsync(tenant.Id, ct);
        var makeName = Values(VehicleFacet(index, "make"), "make").FirstOrDefault(m => StorefrontQuery.Slug(m) == make);
        if (makeName is null)
        {
            return NotFoundPage(tenant, $"No {make} vehicles are listed here.");
        }

        var preset = new List<(string, string)> { ("make", makeName) };
        string? modelName = null;
        if (model is not null)
        {
            modelName = Values(VehicleFacet(index, "model", makeName), "model").FirstOrDefault(m => StorefrontQuery.Slug(m) == model);
            if (modelName is null)
            {
                return NotFoundPage(tenant, $"No {makeName} {model} vehicles are listed here.");
            }

            preset.Add(("model", modelName));
        }

        var path = modelName is null ? $"/vehicles/{make}" : $"/vehicles/{make}/{model}";
        var query = StorefrontQuery.Parse(http.Request.Query, reference.PostalCodes, "vehicles", preset);
        var heading = $"{makeName}{(modelName is null ? "" : " " + modelName)} for sale";
        return await SearchAsync(http, tenant, indexes, listings, categories, query, path, heading, StorefrontEndpoints.BaseUrl(http) + path, ct);
    }

    /// <summary><c>/vehicles/body/suv</c>: every vehicle of one body type (the make pages narrow it further with the facet).</summary>
    private static async Task<IResult> BodyLandingAsync(
        HttpContext http, string body, Tenant tenant, SearchIndexes indexes, ListingStore listings, CategoryStore categories,
        ReferenceDataSet reference, CancellationToken ct)
    {
        if (!indexes.Ready)
        {
            return NotReady();
        }

        var index = await indexes.GetAsync(tenant.Id, ct);
        var bodyName = Values(VehicleFacet(index, "body"), "body").FirstOrDefault(b => StorefrontQuery.Slug(b) == body);
        if (bodyName is null)
        {
            return NotFoundPage(tenant, $"No {body} vehicles are listed here.");
        }

        var path = $"/vehicles/body/{body}";
        var query = StorefrontQuery.Parse(http.Request.Query, reference.PostalCodes, "vehicles", [("body", bodyName)]);
        return await SearchAsync(http, tenant, indexes, listings, categories, query, path, $"{ListingFacts.Humanise(bodyName)} vehicles for sale", BaseUrl(http) + path, ct);
    }

    /// <summary><c>/vehicles/near/10001</c>: vehicles within 50 miles of a US ZIP code, nearest first unless the shopper sorts.</summary>
    private static async Task<IResult> NearLandingAsync(
        HttpContext http, string zip, Tenant tenant, SearchIndexes indexes, ListingStore listings, CategoryStore categories,
        ReferenceDataSet reference, CancellationToken ct)
    {
        if (zip.Length != 5 || !reference.PostalCodes.TryGet(zip, out _, out _))
        {
            return NotFoundPage(tenant, $"'{zip}' is not a US ZIP code we know.");
        }

        if (http.Request.Query["zip"] is { Count: > 0 } asked && asked.ToString() != zip)
        {
            return Results.Redirect($"/search{http.Request.QueryString}"); // the shopper typed another ZIP into the filters
        }

        var values = http.Request.Query.ToDictionary(p => p.Key, p => p.Value);
        values["zip"] = zip;
        values.TryAdd("radius", "50");
        values.TryAdd("sort", "distance");
        var query = StorefrontQuery.Parse(new QueryCollection(values), reference.PostalCodes, "vehicles");
        var path = $"/vehicles/near/{zip}";
        return await SearchAsync(http, tenant, indexes, listings, categories, query, path, $"Vehicles for sale near {zip}", BaseUrl(http) + path, ct);
    }

    private static async Task<IResult> SearchAsync(
        HttpContext http, Tenant tenant, SearchIndexes indexes, ListingStore listings, CategoryStore categories,
        StorefrontQuery query, string path, string? heading, string? canonical, CancellationToken ct)
    {
        if (!indexes.Ready)
        {
            return NotReady();
        }

        var index = await indexes.GetAsync(tenant.Id, ct);
        SearchResult? result = null;
        string? error = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            result = index.Index.Search(query.ToSearchQuery());
        }
        catch (SearchQueryException exception)
        {
            error = $"That search could not be run: {exception.Message}";
        }

        var searched = Stopwatch.GetTimestamp();
        var found = result is null ? [] : await listings.FindManyAsync(tenant.Id, result.Hits.Select(h => h.Id).ToList(), ct);
        var rows = result?.Hits.Where(h => found.ContainsKey(h.Id)).Select(h => (found[h.Id], h.DistanceMeters)).ToList() ?? [];
        var all = await categories.ListAsync(tenant.Id, ct);

        // Where the server's time went before rendering (the index query; reading the page's listings and the
        // categories), for browsers' developer tools and `mercato bench storefront`.
        http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
            $"search;dur={Stopwatch.GetElapsedTime(started, searched).TotalMilliseconds:F2}, db;dur={Stopwatch.GetElapsedTime(searched).TotalMilliseconds:F2}");
        heading ??= query.Q is not null ? $"Results for “{query.Q}”" : all.FirstOrDefault(c => c.Slug == query.Category)?.Name ?? "All listings";
        var description = $"{result?.TotalHits ?? 0:N0} listings on {tenant.Branding.DisplayName ?? tenant.Name}.";
        var model = new SearchPageModel(tenant, query, result, rows, all, path, heading, description, canonical, error);
        return new RazorComponentResult<SearchPage>(new { Model = model }) { StatusCode = error is null ? 200 : 400 };
    }

    /// <summary>
    /// The values of a vehicle facet (make; model within a make; body), as the landing pages resolve their slugs and
    /// the sitemap lists them: both must see the same values.
    /// </summary>
    private static SearchResult VehicleFacet(TenantIndex index, string field, string? make = null) =>
        index.Index.Search(new SearchQuery
        {
            Filter = make is null ? "category = vehicles" : $"category = vehicles AND make = \"{make.Replace("\"", "\\\"", StringComparison.Ordinal)}\"",
            Facets = [field],
            Limit = 0,
            MaxValuesPerFacet = field switch { "make" => 500, "model" => 1000, _ => 100 },
        });

    private static IEnumerable<string> Values(SearchResult facet, string field) => facet.FacetDistribution.GetValueOrDefault(field)?.Keys ?? Enumerable.Empty<string>();

    private static async Task<IResult> SitemapAsync(HttpContext http, Tenant tenant, SearchIndexes indexes, CancellationToken ct)
    {
        var root = BaseUrl(http);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        void Add(string path) => xml.Append("<url><loc>").Append(System.Security.SecurityElement.Escape(root + path)).Append("</loc></url>\n");
        Add("/");
        if (indexes.Ready)
        {
            var index = await indexes.GetAsync(tenant.Id, ct);
            foreach (var make in Values(VehicleFacet(index, "make"), "make"))
            {
                Add($"/vehicles/{StorefrontQuery.Slug(make)}");
                foreach (var model in Values(VehicleFacet(index, "model", make), "model"))
                {
                    Add($"/vehicles/{StorefrontQuery.Slug(make)}/{StorefrontQuery.Slug(model)}");
                }
            }

            var bodies = VehicleFacet(index, "body");
            foreach (var body in Values(bodies, "body"))
            {
                Add($"/vehicles/body/{StorefrontQuery.Slug(body)}");
            }

            // Where the sellers are: one page per ZIP code with an active seller, for shoppers who search "cars near 10001".
            if (bodies.TotalHits > 0)
            {
                await using var connection = await http.RequestServices.GetRequiredService<Infrastructure.Database>().OpenAsync(ct);
                var zips = await Dapper.SqlMapper.QueryAsync<string>(connection,
                    "SELECT DISTINCT postal_code FROM sellers WHERE tenant_id = @Id AND status = 'active' AND country = 'US' AND postal_code IS NOT NULL ORDER BY postal_code LIMIT 2000",
                    new { tenant.Id });
                foreach (var zip in zips.Where(z => z.Length == 5))
                {
                    Add($"/vehicles/near/{zip}");
                }
            }

            // The newest 1,000 listing pages; the make and model landing pages lead to the rest.
            var newest = index.Index.Search(new SearchQuery { Sort = ["created:desc"], Limit = 1000 });
            foreach (var hit in newest.Hits)
            {
                Add($"/listings/{hit.Id.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        xml.Append("</urlset>\n");
        return Results.Text(xml.ToString(), "application/xml", Encoding.UTF8);
    }

    internal static IResult NotFoundPage(Tenant tenant, string message) =>
        new RazorComponentResult<MessagePage>(new { Tenant = tenant, Title = "Not found", Message = message }) { StatusCode = 404 };

    private static IResult NotReady() =>
        Results.Problem(title: "Search index not ready", detail: "This marketplace is starting; try again in a moment.", statusCode: 503);
}
