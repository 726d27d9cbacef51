namespace Mercato.Search.Tests;

public class FilterTests
{
    private static long[] Filter(string filter) =>
        [.. Vehicles.Sample().Search(new SearchQuery { Filter = filter, Limit = 100 }).Ids().Order()];

    [Theory]
    [InlineData("make = toyota", new long[] { 1, 2 })]
    [InlineData("make = \"CITROËN\"", new long[] { 5 })]
    [InlineData("make != Toyota", new long[] { 3, 4, 5, 6, 7 })]
    [InlineData("price > 16000", new long[] { 2, 4, 7 })]
    [InlineData("price >= 16000", new long[] { 2, 3, 4, 7 })]
    [InlineData("price < 9000", new long[] { 6 })]
    [InlineData("price <= 9000", new long[] { 5, 6 })]
    [InlineData("year 2018 TO 2020", new long[] { 1, 2, 3 })]
    [InlineData("model IN [camry, \"F-150\", nope]", new long[] { 1, 7 })]
    [InlineData("model NOT IN [camry, civic]", new long[] { 2, 4, 5, 6, 7 })]
    [InlineData("used = true", new long[] { 2, 4, 6 })]
    [InlineData("features = sunroof", new long[] { 3, 6 })]
    [InlineData("created >= 2024-01-05", new long[] { 4, 5, 6, 7 })]
    [InlineData("make = Ford OR make = Honda AND year > 2020", new long[] { 4, 6, 7 })]
    [InlineData("(make = Ford OR make = Honda) AND year > 2020", new long[] { 4, 7 })]
    [InlineData("NOT make = Ford", new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("make > ford", new long[] { 1, 2, 3, 4 })]
    [InlineData("_geoRadius(40.7, -74.0, 10000)", new long[] { 1, 2, 3, 6 })]
    [InlineData("_geoBoundingBox([42, -73], [40, -88])", new long[] { 1, 2, 3, 6, 7 })]
    public void Operators_select_the_expected_listings(string filter, long[] ids) => Filter(filter).ShouldBe(ids);

    [Fact]
    public void Presence_operators_distinguish_missing_null_and_empty()
    {
        var index = Vehicles.Index(
            new SearchDocument(1).Set("make", "Ford").Set("features", ["AWD"]),
            new SearchDocument(2).Set("make", (string?)null).Set("features", Array.Empty<string>()),
            new SearchDocument(3).Set("make", ""),
            new SearchDocument(4));
        long[] Ids(string f) => [.. index.Search(new SearchQuery { Filter = f }).Ids().Order()];
        Ids("make EXISTS").ShouldBe([1, 2, 3]);
        Ids("make NOT EXISTS").ShouldBe([4]);
        Ids("make IS NULL").ShouldBe([2]);
        Ids("make IS NOT NULL").ShouldBe([1, 3, 4]);
        Ids("make IS EMPTY").ShouldBe([3]);
        Ids("make IS NOT EMPTY").ShouldBe([1, 2, 4]);
        Ids("features IS EMPTY").ShouldBe([2]);
        Ids("make != Ford").ShouldBe([2, 3, 4]);
    }

    [Theory]
    [InlineData("price >", 7, "expected a value")]
    [InlineData("colour = red", 0, "not filterable")]
    [InlineData("make = Toyota AND", 17, "expected a field name")]
    [InlineData("(make = Toyota", 14, "expected `)`")]
    [InlineData("make Toyota", 5, "expected an operator")]
    [InlineData("price = cheap", 8, "expected a number")]
    [InlineData("make IN [a, b", 13, "expected `,` or `]`")]
    [InlineData("make = \"Land", 7, "Unterminated")]
    [InlineData("_geoRadius(NaN, 1, 2)", 11, "finite number")]
    [InlineData("_geoRadius(91, 1, 2)", 11, "[-90, 90]")]
    [InlineData("_geoRadius(1, 1, -5)", 17, "zero or positive")]
    [InlineData("_geoBoundingBox([1, 2], [3, 4])", 17, "below")]
    [InlineData("make = a OR OR", 12, "expected a field name")]
    [InlineData("created > tomorrow", 10, "ISO date")]
    [InlineData("make = a b", 9, "expected AND, OR")]
    public void Malformed_filters_say_what_was_expected_and_where(string filter, int position, string fragment)
    {
        var e = Should.Throw<SearchQueryException>(() => Vehicles.Sample().Search(new SearchQuery { Filter = filter }));
        e.Parameter.ShouldBe("filter");
        e.Position.ShouldBe(position);
        e.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Deep_nesting_is_rejected_not_overflowed()
    {
        var filter = new string('(', 10_000) + "make = a" + new string(')', 10_000);
        Should.Throw<SearchQueryException>(() => Vehicles.Sample().Search(new SearchQuery { Filter = filter })).Parameter.ShouldBe("filter");
    }
}
