using System.Text;
using System.Text.Json.Nodes;
using Mercato.Server.Catalog;
using Mercato.Server.Feeds;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Feeds;

/// <summary>
/// The importer writes a row's attributes straight to JSON text instead of validating a JSON tree as the API does. These
/// pin the two paths together: for every attribute type, the stored text is the API's (same values, same key order, so
/// a re-import finds the rows unchanged), and bad values get the API's reasons.
/// </summary>
public sealed class FeedRowBuilderTests
{
    private static readonly Category Everything = new(7, 1, null, "things", "Things", "custom",
    [
        new() { Name = "code", Label = "Code", Type = AttributeType.Keyword, Format = "vin", Required = true },
        new() { Name = "colour", Label = "Colour", Type = AttributeType.Keyword, AllowedValues = ["Red", "Dark blue"], MaxLength = 20 },
        new() { Name = "notes", Label = "Notes", Type = AttributeType.Text, MaxLength = 30 },
        new() { Name = "weight", Label = "Weight", Type = AttributeType.Integer, Min = 1, Max = 5000, Unit = "kg", Required = true },
        new() { Name = "rating", Label = "Rating", Type = AttributeType.Decimal, Min = 0, Max = 5 },
        new() { Name = "boxed", Label = "Boxed", Type = AttributeType.Boolean },
        new() { Name = "made", Label = "Made", Type = AttributeType.Date },
        new() { Name = "tags", Label = "Tags", Type = AttributeType.KeywordList, MaxLength = 10 },
        new() { Name = "deposit", Label = "Deposit", Type = AttributeType.Money },
        new() { Name = "price_tiers", Label = "Price breaks", Type = AttributeType.PriceTiers },
        new() { Name = "location", Label = "Location", Type = AttributeType.GeoPoint },
    ]);

    private const string Header = "external_id,seller,code,colour,notes,weight,rating,boxed,made,tags,deposit,price_tiers,location,title";

    [Fact]
    public void Writes_every_attribute_type_exactly_as_the_api_stores_it()
    {
        var rows = Build(
            "A1,S1,1hgcm82633a004352,dark BLUE,  Café “deluxe” <b>  ,2.5 t,4.25,yes,21.03.2024,a|b|A| ,12.50 EUR,\"[{\"\"minQuantity\"\":10,\"\"amount\"\":1299}]\",\"48.85,2.35\",T1",
            "A2,S1,JH4KA7561PC008269,,,12,,0,,,,,,T2");

        rows[0].Issues.ShouldBeEmpty();
        var api = new JsonObject
        {
            ["code"] = "1HGCM82633A004352",
            ["colour"] = "dark BLUE",
            ["notes"] = "  Café “deluxe” <b>  ",
            ["weight"] = 2500,
            ["rating"] = 4.25,
            ["boxed"] = true,
            ["made"] = "2024-03-21",
            ["tags"] = new JsonArray("a", "b", "A"),
            ["deposit"] = new JsonObject { ["amount"] = 1250, ["currency"] = "EUR" },
            ["price_tiers"] = new JsonArray(new JsonObject { ["minQuantity"] = 10, ["amount"] = 1299 }),
            ["location"] = new JsonObject { ["lat"] = 48.85, ["lng"] = 2.35 },
        };
        var errors = new Dictionary<string, string[]>();
        var expected = AttributeValidator.Validate(Everything, api, errors).ToJsonString();
        errors.ShouldBeEmpty();
        rows[0].Row!.Content!.AttributesJson.ShouldBe(expected);
        expected.ShouldContain("\"colour\":\"Dark blue\"", customMessage: "the schema's spelling of an allowed value");
        (rows[0].Row!.Content!.Latitude, rows[0].Row!.Content!.Longitude).ShouldBe((48.85, 2.35));

        rows[1].Issues.ShouldBeEmpty();
        rows[1].Row!.Content!.AttributesJson.ShouldBe(
            AttributeValidator.Validate(Everything, new JsonObject { ["code"] = "JH4KA7561PC008269", ["weight"] = 12, ["boxed"] = false }, errors).ToJsonString());
        rows[1].Row!.Content!.Latitude.ShouldBeNull("the seller has no location to fall back on");
    }

    [Fact]
    public void Bad_values_get_the_apis_reasons_and_the_row_still_counts_as_present()
    {
        var rows = Build("B1,S1,NOTAVIN,green,this note is far longer than thirty characters,9000,7,,,,,,\"95,2\",T");

        var api = new Dictionary<string, string[]>();
        AttributeValidator.Validate(Everything, new JsonObject
        {
            ["code"] = "NOTAVIN",
            ["colour"] = "green",
            ["notes"] = "this note is far longer than thirty characters",
            ["weight"] = 9000,
            ["rating"] = 7,
            ["location"] = new JsonObject { ["lat"] = 95.0, ["lng"] = 2.0 },
        }, api);
        var reported = rows[0].Issues.ToDictionary(i => i.Field!, i => i.Reason);
        reported.Keys.ShouldBe(["code", "colour", "notes", "weight", "rating", "location"], ignoreOrder: true);
        foreach (var (field, reason) in reported)
        {
            reason.ShouldBe(api[$"attributes.{field}"].Single(), $"the reason for {field}");
        }

        rows[0].Row.ShouldNotBeNull("a rejected row still keeps its listing in a full sync");
        rows[0].Row!.Content.ShouldBeNull();
    }

    [Fact]
    public void A_missing_required_attribute_is_reported_like_the_api_does()
    {
        var rows = Build("C1,S1,1HGCM82633A004352,,,,,,,,,,,T");

        var issue = rows[0].Issues.ShouldHaveSingleItem();
        (issue.Field, issue.Reason).ShouldBe(("weight", "is required"));
        rows[0].Row!.Content.ShouldBeNull();
    }

    [Fact]
    public void Another_geo_point_is_not_the_listings_location_and_the_seller_still_gives_one()
    {
        var withPickup = Everything with { OwnAttributes = [], Attributes = [.. Everything.Attributes, new() { Name = "pickup", Label = "Pickup", Type = AttributeType.GeoPoint }] };
        TestReferenceData.Current.PostalCodes.TryGet("10001", out var lat, out var lng).ShouldBeTrue();

        var rows = Build(withPickup, "external_id,seller,zip,code,weight,pickup,title", "P1,S1,10001,1HGCM82633A004352,3,\"40.5,-74.1\",T");

        rows[0].Issues.ShouldBeEmpty();
        var errors = new Dictionary<string, string[]>();
        var expected = AttributeValidator.Validate(withPickup, new JsonObject
        {
            ["code"] = "1HGCM82633A004352",
            ["weight"] = 3,
            ["pickup"] = new JsonObject { ["lat"] = 40.5, ["lng"] = -74.1 },
            ["location"] = new JsonObject { ["lat"] = lat, ["lng"] = lng },
        }, errors).ToJsonString();
        rows[0].Row!.Content!.AttributesJson.ShouldBe(expected);
        (rows[0].Row!.Content!.Latitude, rows[0].Row!.Content!.Longitude).ShouldBe((lat, lng), "the listing is where its seller is, not at the pickup point");
    }

    private static List<(StagedRow? Row, List<FeedIssue> Issues)> Build(params string[] lines) => Build(Everything, Header, lines);

    private static List<(StagedRow? Row, List<FeedIssue> Issues)> Build(Category category, string header, params string[] lines)
    {
        var bytes = Encoding.UTF8.GetBytes(header + "\n" + string.Join("\n", lines) + "\n");
        using var reader = FeedFile.Open(new MemoryStream(bytes), new FeedsOptions(), out var error)?.Reader ?? throw new InvalidOperationException(error);
        using var builder = new FeedRowBuilder([category], FeedMapping.Empty, new SellerResolver([], null, TestReferenceData.Current.PostalCodes), "USD");
        builder.Prepare(reader.Columns, out var headerError).ShouldNotBeNull(headerError);
        var built = new List<(StagedRow?, List<FeedIssue>)>();
        while (reader.Read())
        {
            var issues = new List<FeedIssue>();
            built.Add((builder.Build(reader, issues), issues));
        }

        return built;
    }
}
