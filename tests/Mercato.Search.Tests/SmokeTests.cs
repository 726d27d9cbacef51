namespace Mercato.Search.Tests;

public class SmokeTests
{
    [Fact]
    public void Placeholder_search_returns_all_documents_newest_first()
    {
        var result = Vehicles.Sample().Search(new SearchQuery());
        result.Ids().ShouldBe([7, 6, 5, 4, 3, 2, 1]);
        result.TotalHits.ShouldBe(7);
    }

    [Fact]
    public void Text_query_finds_a_make()
    {
        var result = Vehicles.Sample().Search(new SearchQuery { Q = "honda" });
        result.Ids().Order().ShouldBe([3, 4]);
    }
}
