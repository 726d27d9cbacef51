using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Tenancy;

public sealed class TenancyTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task An_unknown_host_gets_a_404_problem()
    {
        using var client = fixture.Factory.CreateClient(new() { BaseAddress = new Uri("http://nobody-lives-here.test/") });
        var response = await client.GetAsync("api/listings");
        var problem = await response.JsonAsync(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        ((string)problem["detail"]!).ShouldContain("nobody-lives-here.test");
    }

    [Fact]
    public async Task Localhost_serves_the_default_tenant()
    {
        using var client = fixture.Factory.CreateClient(new() { BaseAddress = new Uri("http://localhost/") });
        var tenant = await client.GetFromJsonAsync<JsonObject>("api/tenant");
        ((string)tenant!["slug"]!).ShouldBe("demo");
        tenant["verticals"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_tenant_is_found_by_its_own_host_and_shows_its_branding()
    {
        using var t = await fixture.CreateTenantAsync(currency: "GBP");
        var tenant = await t.Http.GetFromJsonAsync<JsonObject>("api/tenant");
        ((string)tenant!["slug"]!).ShouldBe(t.Tenant.Slug);
        ((string)tenant["defaultCurrency"]!).ShouldBe("GBP");
        ((string)tenant["branding"]!["primaryColor"]!).ShouldStartWith("#");
        var categories = await t.Http.GetFromJsonAsync<JsonArray>("api/categories");
        categories!.Select(c => (string)c!["slug"]!).ShouldBe(["vehicles", "wholesale", "ai-agents"]);
    }

    [Fact]
    public async Task Health_answers_on_any_host()
    {
        using var client = fixture.Factory.CreateClient(new() { BaseAddress = new Uri("http://nobody-lives-here.test/") });
        (await client.GetAsync("health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_listing_routes()
    {
        using var client = fixture.Factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonObject>("openapi/v1.json");
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/listings");
        paths.ShouldContain("/api/listings/{id}");
        paths.ShouldContain("/api/sellers/{sellerId}/listings");
        (await client.GetAsync("docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_home_page_names_the_marketplace_and_escapes_it()
    {
        using var client = fixture.Factory.CreateClient();
        var html = await client.GetStringAsync("/");
        html.ShouldContain("<title>Mercato");
        html.ShouldContain("/docs");
    }
}
