using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Search;

public abstract class SearchApiTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task A_new_listing_is_searchable_moments_later_and_leaves_when_archived_or_deleted()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;

        var found = await WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 1);
        var hit = found["hits"]![0]!;
        ((long)hit["id"]!).ShouldBe(id);
        ((string)hit["externalId"]!).ShouldBe("V1");
        ((string)hit["attributes"]!["make"]!).ShouldBe("Honda");

        await t.Http.PatchJsonAsync($"api/listings/{id}", new { status = "archived" }, "\"1\"");
        await WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 0);

        await t.Http.PatchJsonAsync($"api/listings/{id}", new { status = "active" }, "\"2\"");
        await WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 1);
        await t.Http.DeleteAsync($"api/listings/{id}");
        await WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 0);
    }

    [SkippableFact]
    public async Task Filters_facets_sorts_and_distance_work_over_http()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var boston = await t.Http.CreateSellerAsync("BOS", postalCode: "02134");
        var denver = await t.Http.CreateSellerAsync("DEN", postalCode: "80202");
        await t.Http.CreateVehicleAsync(boston, "B1", "Toyota", "Camry", 2020, 2_100_000);
        await t.Http.CreateVehicleAsync(boston, "B2", "Honda", "Civic", 2018, 1_500_000);
        await t.Http.CreateVehicleAsync(denver, "D1", "Toyota", "Tacoma", 2021, 3_200_000);
        await WaitForAsync(t.Http, "api/search", r => (int)r["estimatedTotalHits"]! == 3);

        var body = new
        {
            filter = new object[] { "make IN [Toyota, Honda]", new[] { "year >= 2019", "price < 1600000" } },
            facets = new[] { "make", "year", "price" },
            sort = new[] { "price:asc" },
        };
        var result = await (await t.Http.PostJsonAsync("api/search", body)).JsonAsync(HttpStatusCode.OK);
        result["hits"]!.AsArray().Select(h => (string)h!["externalId"]!).ShouldBe(["B2", "B1", "D1"]);
        ((int)result["facetDistribution"]!["make"]!["Toyota"]!).ShouldBe(2);
        ((double)result["facetStats"]!["price"]!["min"]!).ShouldBe(1_500_000);

        var near = await t.Http.GetFromJsonAsync<JsonObject>(
            "api/search?filter=" + Uri.EscapeDataString("_geoRadius(42.36, -71.06, 50000)") + "&sort=" + Uri.EscapeDataString("_geoPoint(42.36,-71.06):asc"));
        near!["hits"]!.AsArray().Select(h => (string)h!["sellerExternalId"]!).ShouldBe(["BOS", "BOS"]);
        ((long)near["hits"]![0]!["_geoDistance"]!).ShouldBeLessThan(50_000);

        var paged = await t.Http.GetFromJsonAsync<JsonObject>("api/search?hitsPerPage=2&page=2&sort=year:desc");
        ((int)paged!["totalHits"]!).ShouldBe(3);
        ((int)paged["totalPages"]!).ShouldBe(2);
        paged["hits"]!.AsArray().Select(h => (string)h!["externalId"]!).ShouldBe(["B2"]);

        var highlighted = await t.Http.GetFromJsonAsync<JsonObject>("api/search?q=camry&attributesToHighlight=title");
        ((string)highlighted!["hits"]![0]!["_formatted"]!["title"]!).ShouldContain("<em>Camry</em>");
    }

    [SkippableFact]
    public async Task Bad_queries_are_400_problems_that_say_what_and_where()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        await WaitForAsync(t.Http, "api/search", r => r["hits"] is not null);

        var malformed = await (await t.Http.GetAsync("api/search?filter=" + Uri.EscapeDataString("year >= AND"))).JsonAsync(HttpStatusCode.BadRequest);
        malformed["errors"]!.AsObject().ContainsKey("filter").ShouldBeTrue();
        ((string)malformed["detail"]!).ShouldContain("position");

        var unknownField = await (await t.Http.GetAsync("api/search?filter=" + Uri.EscapeDataString("wings = 2"))).JsonAsync(HttpStatusCode.BadRequest);
        ((string)unknownField["errors"]!["filter"]![0]!).ShouldContain("wings");

        (await t.Http.GetAsync("api/search?sort=colour:asc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.GetAsync("api/search?facets=wings")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.GetAsync("api/search?limit=100000")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.GetAsync("api/search?limit=ten")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.GetAsync("api/search?q=" + new string('a', 5000))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.GetAsync("api/search?filter=" + Uri.EscapeDataString("_geoRadius(NaN, 1, 100)"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.PostJsonAsync("api/search", new { filter = 5 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.PostJsonAsync("api/search", new { query = "typo in the parameter name" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Another_tenants_listings_never_appear_in_search()
    {
        fixture.SkipIfUnavailable();
        using var owner = await fixture.CreateTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        var seller = await owner.Http.CreateSellerAsync("D1");
        await owner.Http.CreateVehicleAsync(seller, "V1");
        await WaitForAsync(owner.Http, "api/search?q=honda", r => r["hits"]!.AsArray().Count == 1);

        var theirs = await other.Http.GetFromJsonAsync<JsonObject>("api/search?q=honda&facets=make");
        theirs!["hits"]!.AsArray().Count.ShouldBe(0);
        ((int)theirs["estimatedTotalHits"]!).ShouldBe(0);
    }

    /// <summary>The index follows the change log a few hundred milliseconds behind; wait (at most 10 s) for the state we expect.</summary>
    internal static async Task<JsonObject> WaitForAsync(HttpClient http, string url, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if (done(body))
                {
                    return body;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new ShouldAssertException($"search did not reach the expected state within 10 s: {body.ToJsonString()}");
                }
            }
            else if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"search answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }
}

public sealed class SearchApiSqliteTests(SqliteFixture fixture) : SearchApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class SearchApiPostgresTests(PostgresFixture fixture) : SearchApiTests(fixture), IClassFixture<PostgresFixture>;
