namespace Mercato.Search.Tests;

public class FacetSortPagingTests
{
    [Fact]
    public void Facets_count_values_with_original_spelling_and_numeric_stats()
    {
        var result = Vehicles.Sample().Search(new SearchQuery { Facets = ["make", "price", "used", "features"] });
        result.FacetDistribution["make"].ShouldBe(new Dictionary<string, int> { ["Ford"] = 2, ["Honda"] = 2, ["Toyota"] = 2, ["Citroën"] = 1 });
        result.FacetDistribution["used"].ShouldBe(new Dictionary<string, int> { ["false"] = 4, ["true"] = 3 });
        result.FacetDistribution["features"]["Navigation"].ShouldBe(7);
        result.FacetDistribution["price"]["15000"].ShouldBe(1);
        result.FacetStats["price"].ShouldBe(new FacetStats(7_500, 42_000));
        result.FacetStats.ContainsKey("make").ShouldBeFalse();
    }

    [Fact]
    public void A_facet_filtered_with_IN_or_OR_on_itself_counts_as_if_unfiltered()
    {
        var index = Vehicles.Sample();
        var result = index.Search(new SearchQuery { Filter = "make IN [Toyota] AND year >= 2018", Facets = ["make", "year"] });
        result.Ids().ShouldBe([2, 1]);
        result.FacetDistribution["make"].ShouldBe(new Dictionary<string, int> { ["Honda"] = 2, ["Toyota"] = 2, ["Ford"] = 1 });
        result.FacetDistribution["year"].Keys.Order().ShouldBe(["2018", "2020"]);
        var or = index.Search(new SearchQuery { Filter = "(make = Ford OR make = Honda) AND price > 10000", Facets = ["make"] });
        or.FacetDistribution["make"].ShouldBe(new Dictionary<string, int> { ["Honda"] = 2, ["Toyota"] = 2, ["Ford"] = 1 });
        var plain = index.Search(new SearchQuery { Filter = "make = Ford", Facets = ["make"] });
        plain.FacetDistribution["make"].ShouldBe(new Dictionary<string, int> { ["Ford"] = 2 });
    }

    [Fact]
    public void Facet_values_are_capped_and_ordered_by_count_then_value()
    {
        var result = Vehicles.Sample().Search(new SearchQuery { Facets = ["*"], MaxValuesPerFacet = 2 });
        result.FacetDistribution["make"].Keys.ShouldBe(["Ford", "Honda"]);
        result.FacetDistribution.Keys.Order().ShouldBe(["features", "make", "model", "price", "used", "year"]);
    }

    [Fact]
    public void Facet_value_search_finds_words_starting_with_the_prefix_within_the_query()
    {
        var index = Vehicles.Sample();
        index.SearchFacetValues(new FacetValuesQuery { Facet = "model", FacetQuery = "c" }).Hits
            .ShouldBe([("C4", 1), ("Camry", 1), ("Civic", 1), ("Corolla", 1)]);
        index.SearchFacetValues(new FacetValuesQuery { Facet = "model", FacetQuery = "co", Filter = "make = Toyota" }).Hits.ShouldBe([("Corolla", 1)]);
        index.SearchFacetValues(new FacetValuesQuery { Facet = "make", Q = "focus" }).Hits.ShouldBe([("Ford", 1)]);
    }

    [Theory]
    [InlineData("price:asc", new long[] { 6, 5, 1, 3, 2, 4, 7 })]
    [InlineData("price:desc", new long[] { 7, 4, 2, 3, 1, 5, 6 })]
    [InlineData("make:asc", new long[] { 5, 7, 6, 4, 3, 2, 1 })]
    [InlineData("created:desc", new long[] { 7, 6, 5, 4, 3, 2, 1 })]
    public void Sorts_order_by_the_field_then_id_descending(string sort, long[] ids) =>
        Vehicles.Sample().Search(new SearchQuery { Sort = [sort] }).Ids().ShouldBe(ids);

    [Fact]
    public void Missing_values_sort_last_in_both_directions()
    {
        var index = Vehicles.Index(new SearchDocument(1).Set("price", 5L), new SearchDocument(2), new SearchDocument(3).Set("price", 9L));
        index.Search(new SearchQuery { Sort = ["price:asc"] }).Ids().ShouldBe([1, 3, 2]);
        index.Search(new SearchQuery { Sort = ["price:desc"] }).Ids().ShouldBe([3, 1, 2]);
    }

    [Fact]
    public void Geo_sort_returns_distances_nearest_first()
    {
        var result = Vehicles.Sample().Search(new SearchQuery { Filter = "_geoRadius(40.7, -74.0, 2000000)", Sort = ["_geoPoint(40.7, -74.0):asc"] });
        result.Ids().ShouldBe([6, 2, 1, 3, 7]);
        result.Hits[0].DistanceMeters!.Value.ShouldBe(0, 1e-6);
        result.Hits[3].DistanceMeters!.Value.ShouldBe(5_620, 100);
        result.Hits[4].DistanceMeters!.Value.ShouldBe(1_145_000, 5_000);
    }

    [Fact]
    public void Paging_limits_are_enforced()
    {
        var index = Vehicles.Sample();
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Limit = 1001 })).Parameter.ShouldBe("limit");
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Offset = 10_001 })).Parameter.ShouldBe("offset");
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Q = new string('a', 513) })).Parameter.ShouldBe("q");
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Sort = ["title:asc"] })).Parameter.ShouldBe("sort");
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Sort = ["_geoPoint(NaN, 1):asc"] })).Parameter.ShouldBe("sort");
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Facets = ["mileage"] })).Parameter.ShouldBe("facets");
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Cursor = "not a cursor" })).Parameter.ShouldBe("cursor");
    }

    [Fact]
    public void A_cursor_only_fits_the_query_that_made_it()
    {
        var index = Vehicles.Sample();
        var first = index.Search(new SearchQuery { Sort = ["price:asc"], Limit = 2 });
        first.NextCursor.ShouldNotBeNull();
        index.Search(new SearchQuery { Sort = ["price:asc"], Limit = 2, Cursor = first.NextCursor }).Ids().ShouldBe([1, 3]);
        Should.Throw<SearchQueryException>(() => index.Search(new SearchQuery { Sort = ["price:desc"], Cursor = first.NextCursor })).Parameter.ShouldBe("cursor");
    }

    [Fact]
    public void Totals_beyond_the_cap_are_flagged_as_inexact()
    {
        var index = new SearchIndex(Vehicles.Schema, new SearchIndexOptions { ExactTotalCap = 5 });
        index.UpsertMany(Enumerable.Range(1, 6).Select(i => Vehicles.Car(i, "Ford", "Focus", 2020, 1)));
        var result = index.Search(new SearchQuery());
        result.TotalHitsExact.ShouldBeFalse();
        result.TotalHits.ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Upserts_replace_and_deletes_remove_immediately()
    {
        var index = Vehicles.Sample();
        index.Upsert(Vehicles.Car(1, "Honda", "Civic", 2018, 1));
        index.Search(new SearchQuery { Filter = "make = Honda" }).Ids().ShouldBe([4, 3, 1]);
        index.Delete(3).ShouldBeTrue();
        index.Delete(3).ShouldBeFalse();
        index.Search(new SearchQuery { Q = "honda" }).Ids().Order().ShouldBe([1, 4]);
        index.Count.ShouldBe(6);
    }
}
