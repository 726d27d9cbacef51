using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mercato.Search;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Search;

internal static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/search").WithTags("Search");
        group.MapGet("/", (HttpContext http, Tenant tenant, SearchIndexes indexes, ListingStore listings, CancellationToken cancellationToken) =>
                SearchAsync(SearchRequest.FromQuery(http.Request.Query), tenant, indexes, listings, cancellationToken))
            .WithSummary("Search active listings")
            .WithDescription("Meilisearch-compatible parameters: q, filter, facets, sort, limit/offset or page/hitsPerPage, attributesToHighlight, maxValuesPerFacet, plus cursor for deep paging. facets, sort and attributesToHighlight are comma-separated here.");
        group.MapPost("/", async (HttpRequest http, Tenant tenant, SearchIndexes indexes, ListingStore listings, CancellationToken cancellationToken) =>
            {
                var (request, problem) = await RequestBody.ReadAsync<SearchRequest>(http, cancellationToken);
                return request is null ? problem! : await SearchAsync(request, tenant, indexes, listings, cancellationToken);
            })
            .WithSummary("Search active listings (JSON body)")
            .WithDescription("The same parameters as GET, as a JSON object; filter may be a string or Meilisearch's array form.")
            .Accepts<SearchRequest>("application/json");
        group.MapGet("/facet-values", FacetValuesAsync)
            .WithSummary("Search the values of one facet")
            .WithDescription("Values of `facetName` starting with `facetQuery` among the listings matching q and filter, with counts.");
        return routes;
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> SearchAsync(
        SearchRequest request, Tenant tenant, SearchIndexes indexes, ListingStore listings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (await IndexAsync(tenant, indexes, cancellationToken) is not { } index)
        {
            return NotReady();
        }

        var errors = new Dictionary<string, string[]>();
        var query = request.ToQuery(errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        SearchResult result;
        try
        {
            result = index.Index.Search(query);
        }
        catch (SearchQueryException exception)
        {
            return QueryProblem(exception);
        }

        var found = await listings.FindManyAsync(tenant.Id, result.Hits.Select(h => h.Id).ToList(), cancellationToken);
        var highlight = request.AttributesToHighlight is { } fields && (fields.Contains("*") || fields.Contains(ListingDocuments.Title));
        var hits = new JsonArray();
        foreach (var hit in result.Hits)
        {
            if (!found.TryGetValue(hit.Id, out var listing))
            {
                continue; // deleted since the snapshot was taken
            }

            var node = JsonSerializer.SerializeToNode(listing, JsonDefaults.Options)!.AsObject();
            if (hit.DistanceMeters is { } meters)
            {
                node["_geoDistance"] = (long)Math.Round(meters);
            }

            if (highlight)
            {
                node["_formatted"] = new JsonObject { ["title"] = Highlighter.Highlight(listing.Title, result.MatchedTerms) };
            }

            hits.Add(node);
        }

        var response = new JsonObject
        {
            ["hits"] = hits,
            ["query"] = request.Q ?? "",
            ["processingTimeMs"] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        if (request.Paged)
        {
            var perPage = query.Limit;
            response["page"] = request.Page ?? 1;
            response["hitsPerPage"] = perPage;
            response["totalHits"] = result.TotalHits;
            response["totalPages"] = (result.TotalHits + perPage - 1) / perPage;
        }
        else
        {
            response["limit"] = query.Limit;
            response["offset"] = query.Offset;
            response["estimatedTotalHits"] = result.TotalHits;
        }

        response["totalHitsExact"] = result.TotalHitsExact;
        if (request.Facets is { Count: > 0 })
        {
            response["facetDistribution"] = JsonSerializer.SerializeToNode(result.FacetDistribution);
            response["facetStats"] = JsonSerializer.SerializeToNode(
                result.FacetStats.ToDictionary(s => s.Key, s => new { min = s.Value.Min, max = s.Value.Max }));
        }

        if (result.NextCursor is not null)
        {
            response["nextCursor"] = result.NextCursor;
        }

        return TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> FacetValuesAsync(
        Tenant tenant, SearchIndexes indexes, string? facetName, string? facetQuery = null, string? q = null, string? filter = null, int limit = 10,
        CancellationToken cancellationToken = default)
    {
        if (await IndexAsync(tenant, indexes, cancellationToken) is not { } index)
        {
            return NotReady();
        }

        if (string.IsNullOrWhiteSpace(facetName))
        {
            return Problems.Field("facetName", "is required");
        }

        if (limit is < 1 or > 100)
        {
            return Problems.Field("limit", "must be between 1 and 100");
        }

        try
        {
            var result = index.Index.SearchFacetValues(new FacetValuesQuery { Facet = facetName, FacetQuery = facetQuery, Q = q, Filter = filter, Limit = limit });
            var hits = new JsonArray(result.Hits.Select(h => (JsonNode)new JsonObject { ["value"] = h.Value, ["count"] = h.Count }).ToArray());
            return TypedResults.Ok(new JsonObject { ["facetHits"] = hits, ["facetQuery"] = facetQuery });
        }
        catch (SearchQueryException exception)
        {
            return QueryProblem(exception);
        }
    }

    private static async ValueTask<TenantIndex?> IndexAsync(Tenant tenant, SearchIndexes indexes, CancellationToken cancellationToken) =>
        indexes.Ready ? await indexes.GetAsync(tenant.Id, cancellationToken) : null;

    private static ProblemHttpResult NotReady() =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "Search index not ready", "The search index of this marketplace is being built; try again in a moment.");

    private static ProblemHttpResult QueryProblem(SearchQueryException exception) =>
        Problems.Validation(
            new Dictionary<string, string[]> { [exception.Parameter] = [exception.Message] },
            exception.Position is { } position ? $"{exception.Parameter}: {exception.Message} (at position {position})" : $"{exception.Parameter}: {exception.Message}");
}
