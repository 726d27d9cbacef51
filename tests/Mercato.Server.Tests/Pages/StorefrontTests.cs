using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Search;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Pages;

public sealed partial class StorefrontTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task The_search_page_shows_facets_results_and_keeps_its_state_in_the_url()
    {
        using var t = await SeededTenantAsync();
        var html = await t.Http.GetStringAsync("search?cat=vehicles&make=Toyota&sort=price_asc");
        html.ShouldContain("type=\"checkbox\" name=\"make\" value=\"Toyota\" checked");
        html.ShouldContain("2020 Toyota Camry");
        html.ShouldNotContain("2018 Honda Civic</a>");
        html.ShouldContain("Honda (1)"); // disjunctive: the other makes still count while Toyota is ticked
        html.ShouldContain("<meta name=\"robots\" content=\"noindex\"");

        var near = await t.Http.GetStringAsync("search?cat=vehicles&zip=02134&radius=25&sort=distance");
        near.ShouldContain("mi away");
        near.ShouldNotContain("Tacoma");

        var badZip = await t.Http.GetAsync("search?zip=00000");
        (await badZip.Content.ReadAsStringAsync()).ShouldContain("is not a known US ZIP code");
    }

    [Fact]
    public async Task Landing_pages_have_clean_canonical_urls_and_unknown_ones_are_404()
    {
        using var t = await SeededTenantAsync();
        var make = await t.Http.GetStringAsync("vehicles/toyota");
        make.ShouldContain("<h1>Toyota for sale</h1>");
        make.ShouldContain($"<link rel=\"canonical\" href=\"http://{t.Tenant.Hosts[0]}/vehicles/toyota\"");
        var model = await t.Http.GetStringAsync("vehicles/toyota/camry");
        model.ShouldContain("<h1>Toyota Camry for sale</h1>");
        model.ShouldNotContain("Tacoma</a>");
        (await t.Http.GetAsync("vehicles/bugatti")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var sedans = await t.Http.GetStringAsync("vehicles/body/sedan");
        sedans.ShouldContain("<h1>Sedan vehicles for sale</h1>");
        sedans.ShouldContain($"<link rel=\"canonical\" href=\"http://{t.Tenant.Hosts[0]}/vehicles/body/sedan\"");
        (await t.Http.GetAsync("vehicles/body/spaceship")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await t.Http.GetStringAsync("/")).ShouldContain("href=\"/vehicles/body/sedan\"");

        var sitemap = await t.Http.GetStringAsync("sitemap.xml");
        sitemap.ShouldContain("/vehicles/toyota/camry</loc>");
        sitemap.ShouldContain("/vehicles/body/sedan</loc>");
        sitemap.ShouldContain("/vehicles/near/02134</loc>");

        // Near a ZIP code: the Boston cars first, the Denver one (1,750 miles away) outside the 50 miles.
        var near = await t.Http.GetStringAsync("vehicles/near/02134");
        near.ShouldContain("<h1>Vehicles for sale near 02134</h1>");
        near.ShouldContain("Camry");
        near.ShouldNotContain("Tacoma");
        (await t.Http.GetAsync("vehicles/near/00000")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var noRedirects = fixture.AnonymousClient(t, followRedirects: false);
        (await noRedirects.GetAsync("vehicles/near/02134?zip=80202&radius=25")).Headers.Location!.ToString().ShouldBe("/search?zip=80202&radius=25");
        (await t.Http.GetStringAsync("robots.txt")).ShouldContain("Sitemap: http://");
    }

    [Fact]
    public async Task A_listing_page_has_specs_json_ld_and_a_lead_form_that_needs_its_antiforgery_token()
    {
        using var t = await SeededTenantAsync();
        var id = await FirstIdAsync(t.Http, "camry");
        var page = await t.Http.GetStringAsync($"listings/{id}");
        page.ShouldContain("\"@type\":\"Car\"");
        page.ShouldContain("<dt>VIN</dt><dd>1HGCM82633A004352</dd>");
        page.ShouldContain("Similar listings");

        var forged = await t.Http.PostAsync($"listings/{id}/contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Mallory",
            ["email"] = "m@example.com",
            ["message"] = "hi",
        }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var token = TokenPattern().Match(page).Groups[1].Value;
        var invalid = await t.Http.PostAsync($"listings/{id}/contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = "",
            ["email"] = "not-an-address",
            ["message"] = "Still for sale?",
        }));
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var again = await invalid.Content.ReadAsStringAsync();
        again.ShouldContain("Please give your name");
        again.ShouldContain("value=\"not-an-address\"");

        var sent = await t.Http.PostAsync($"listings/{id}/contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = "Ann Buyer",
            ["email"] = "ann@example.com",
            ["message"] = "Still for sale?",
        }));
        // The client follows the redirect (POST-redirect-GET) to the listing with the confirmation.
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        sent.RequestMessage!.RequestUri!.PathAndQuery.ShouldBe($"/listings/{id}?sent=1");
        (await sent.Content.ReadAsStringAsync()).ShouldContain("Your message was sent");
        await using var connection = await fixture.Services.GetRequiredService<Mercato.Server.Infrastructure.Database>().OpenAsync();
        (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM leads WHERE listing_id = @id AND email = 'ann@example.com'", new { id })).ShouldBe(1);
    }

    [Fact]
    public async Task Script_in_listing_fields_renders_inert()
    {
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var vehicle = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ApiExtensions.Vehicle(seller, "X1")))!.AsObject();
        vehicle["title"] = "<script>alert('x')</script> Accord";
        vehicle["description"] = "</script><script>alert(1)</script>";
        var id = (long)(await (await t.Http.PostJsonAsync("api/listings", vehicle)).JsonAsync(HttpStatusCode.Created))["id"]!;
        var page = await t.Http.GetStringAsync($"listings/{id}");
        page.ShouldNotContain("<script>alert");
        page.ShouldContain("&lt;script&gt;alert");
        await SearchApiTests.WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 1);
        (await t.Http.GetStringAsync("search?q=accord")).ShouldNotContain("<script>alert");
    }

    [Fact]
    public async Task Another_tenants_listing_page_is_not_found()
    {
        using var owner = await SeededTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        var id = await FirstIdAsync(owner.Http, "camry");
        (await other.Http.GetAsync($"listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_are_compressed_and_small()
    {
        using var t = await SeededTenantAsync();
        using var client = fixture.Factory.CreateDefaultClient(new Uri($"http://{t.Tenant.Hosts[0]}/"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "search?cat=vehicles");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        var response = await client.SendAsync(request);
        response.Content.Headers.ContentEncoding.ShouldNotBeEmpty();
        (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBeLessThan(100 * 1024);
    }

    private async Task<TenantClient> SeededTenantAsync()
    {
        var t = await fixture.CreateTenantAsync();
        var boston = await t.Http.CreateSellerAsync("BOS", postalCode: "02134");
        var denver = await t.Http.CreateSellerAsync("DEN", postalCode: "80202");
        await t.Http.CreateVehicleAsync(boston, "B1", "Toyota", "Camry", 2020, 2_100_000);
        await t.Http.CreateVehicleAsync(boston, "B3", "Toyota", "Camry", 2019, 1_900_000);
        await t.Http.CreateVehicleAsync(boston, "B2", "Honda", "Civic", 2018, 1_500_000);
        await t.Http.CreateVehicleAsync(denver, "D1", "Toyota", "Tacoma", 2021, 3_200_000);
        await SearchApiTests.WaitForAsync(t.Http, "api/search", r => (int)r["estimatedTotalHits"]! == 4);
        return t;
    }

    private static async Task<long> FirstIdAsync(HttpClient http, string q)
    {
        var result = await SearchApiTests.WaitForAsync(http, $"api/search?q={q}", r => r["hits"]!.AsArray().Count > 0);
        return (long)result["hits"]![0]!["id"]!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
