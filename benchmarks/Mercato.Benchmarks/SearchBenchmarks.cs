using BenchmarkDotNet.Attributes;
using Mercato.Search;

namespace Mercato.Benchmarks;

/// <summary>Bulk build of the engine from synthetic vehicle listings (generation excluded).</summary>
[MemoryDiagnoser]
public class SearchBuildBenchmarks
{
    private List<SearchDocument> _docs = [];

    [Params(100_000)]
    public int Listings { get; set; }

    [GlobalSetup]
    public void Setup() => _docs = [.. SearchData.Listings(Listings)];

    [Benchmark]
    public int Build()
    {
        var index = new SearchIndex(SearchData.Schema);
        index.UpsertMany(_docs);
        return index.Count;
    }
}

/// <summary>Typical queries of the marketplace mix against a prebuilt index.</summary>
[MemoryDiagnoser]
public class SearchQueryBenchmarks
{
    private static readonly string[] Facets = ["make", "model", "year", "fuel", "body", "color", "transmission", "features"];
    private SearchIndex _index = null!;

    [Params(100_000)]
    public int Listings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = new SearchIndex(SearchData.Schema);
        _index.UpsertMany(SearchData.Listings(Listings));
    }

    [Benchmark]
    public SearchResult TextWithFacets() => _index.Search(new SearchQuery { Q = "toyota camry", Facets = Facets });

    [Benchmark]
    public SearchResult TextWithTypo() => _index.Search(new SearchQuery { Q = "hnda acord" });

    [Benchmark]
    public SearchResult PrefixAsYouType() => _index.Search(new SearchQuery { Q = "tac" });

    [Benchmark]
    public SearchResult CheckboxesAndRangesSortedByPrice() => _index.Search(new SearchQuery
    {
        Filter = "make IN [Toyota, Honda] AND model IN [Camry, Civic, Accord] AND price 5000 TO 25000 AND year >= 2015",
        Sort = ["price:asc"],
        Facets = Facets,
    });

    [Benchmark]
    public SearchResult RadiusSortedByDistance() => _index.Search(new SearchQuery
    {
        Filter = "_geoRadius(40.7128, -74.0060, 50000)",
        Sort = ["_geoPoint(40.7128, -74.0060):asc"],
    });

    [Benchmark]
    public SearchResult NewestWithAllFacets() => _index.Search(new SearchQuery { Sort = ["created:desc"], Facets = Facets });

    [Benchmark]
    public SearchResult DeepOffsetPage() => _index.Search(new SearchQuery { Filter = "body = SUV", Sort = ["price:desc"], Offset = 5000 });

    [Benchmark]
    public FacetValuesResult FacetValueSearch() => _index.SearchFacetValues(new FacetValuesQuery { Facet = "model", FacetQuery = "cam", Q = "toyota" });
}
