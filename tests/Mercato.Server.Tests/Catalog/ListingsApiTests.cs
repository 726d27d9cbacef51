using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Catalog;

public abstract class ListingsApiTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task Creates_reads_updates_and_deletes_a_listing()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");

        var created = await t.Http.PostJsonAsync("api/listings", ApiExtensions.Vehicle(seller, "V1"));
        var listing = await created.JsonAsync(HttpStatusCode.Created);
        created.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var id = (long)listing["id"]!;
        ((string)listing["attributes"]!["body"]!).ShouldBe("Sedan", "allowed values are stored in their canonical spelling");
        ((string)listing["sellerExternalId"]!).ShouldBe("D1");

        var read = await (await t.Http.GetAsync($"api/listings/{id}")).JsonAsync(HttpStatusCode.OK);
        ((long)read["price"]!["amount"]!).ShouldBe(1_899_000);
        ((string)read["price"]!["currency"]!).ShouldBe("USD");

        var patched = await (await t.Http.PatchJsonAsync($"api/listings/{id}",
            new { price = new { amount = 1_799_000, currency = "USD" }, attributes = new { mileage = 43_000, trim = (string?)null } }, "\"1\""))
            .JsonAsync(HttpStatusCode.OK);
        ((int)patched["version"]!).ShouldBe(2);
        ((long)patched["price"]!["amount"]!).ShouldBe(1_799_000);
        ((long)patched["attributes"]!["mileage"]!).ShouldBe(43_000);
        patched["attributes"]!.AsObject().ContainsKey("trim").ShouldBeFalse();
        ((string)patched["attributes"]!["make"]!).ShouldBe("Honda");

        var archived = await (await t.Http.PatchJsonAsync($"api/listings/{id}", new { status = "archived" }, "\"2\"")).JsonAsync(HttpStatusCode.OK);
        ((string)archived["status"]!).ShouldBe("archived");

        (await t.Http.DeleteAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await t.Http.GetAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Reports_every_bad_attribute_at_once_and_writes_nothing()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var body = new
        {
            sellerId = seller,
            category = "vehicles",
            title = "Broken",
            price = new { amount = 100, currency = "USD" },
            attributes = new Dictionary<string, object>
            {
                ["vin"] = "1HGCM82633A004353",
                ["year"] = "nineteen",
                ["make"] = "Honda",
                ["model"] = "Accord",
                ["body"] = "spaceship",
                ["condition"] = "used",
                ["mileage"] = -5,
                ["wings"] = 2,
            },
        };

        var problem = await (await t.Http.PostJsonAsync("api/listings", body)).JsonAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(
            ["attributes.body", "attributes.mileage", "attributes.vin", "attributes.wings", "attributes.year"]);
        ((string)errors["attributes.vin"]![0]!).ShouldContain("check digit");
        ((string)errors["attributes.mileage"]![0]!).ShouldContain("at least 0");
        var page = await t.Http.GetFromJsonAsync<JsonObject>("api/listings");
        page!["items"]!.AsArray().Count.ShouldBe(0);
        (await t.Http.ChangesAsync()).Count.ShouldBe(0);
    }

    [SkippableFact]
    public async Task Unknown_category_seller_and_currency_are_field_errors()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var problem = await (await t.Http.PostJsonAsync("api/listings", new { sellerId = 999_999, category = "boats", title = "x" }))
            .JsonAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["category", "sellerId"]);

        var seller = await t.Http.CreateSellerAsync("D1");
        var vehicle = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ApiExtensions.Vehicle(seller, "V1")))!.AsObject();
        vehicle["price"] = new JsonObject { ["amount"] = 100, ["currency"] = "XYZ" };
        problem = await (await t.Http.PostJsonAsync("api/listings", vehicle)).JsonAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().ContainsKey("price.currency").ShouldBeTrue();
    }

    [SkippableFact]
    public async Task Malformed_json_unknown_fields_and_wrong_types_name_the_field()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();

        var malformed = await t.Http.PostAsync("api/listings", new StringContent("{\"title\": \"x\",, }", Encoding.UTF8, "application/json"));
        var problem = await malformed.JsonAsync(HttpStatusCode.BadRequest);
        ((string)problem["errors"]!.AsObject().First().Value![0]!).ShouldContain("line 1");

        var unknown = await t.Http.PostJsonAsync("api/listings", new { title = "x", colour = "red" });
        (await unknown.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("colour").ShouldBeTrue();

        var wrongType = await t.Http.PostJsonAsync("api/listings", new { title = "x", sellerId = "abc" });
        (await wrongType.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("sellerId").ShouldBeTrue();

        var notJson = await t.Http.PostAsync("api/listings", new StringContent("title=x", Encoding.UTF8, "text/plain"));
        notJson.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [SkippableFact]
    public async Task Bodies_over_the_limit_are_refused_with_413()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var huge = new { title = "x", description = new string('a', 300 * 1024) };
        var response = await t.Http.PostJsonAsync("api/listings", huge);
        (await response.JsonAsync(HttpStatusCode.RequestEntityTooLarge))["detail"]!.ToString().ShouldContain("256 KB");
    }

    [SkippableFact]
    public async Task Two_editors_never_silently_overwrite_each_other()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;

        (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "No version" }, null)).StatusCode.ShouldBe((HttpStatusCode)428);

        (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Editor A" }, "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stale = await (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Editor B" }, "\"1\"")).JsonAsync(HttpStatusCode.PreconditionFailed);
        ((int)stale["currentVersion"]!).ShouldBe(2);

        var current = await (await t.Http.GetAsync($"api/listings/{id}")).JsonAsync(HttpStatusCode.OK);
        ((string)current["title"]!).ShouldBe("Editor A");

        var request = new HttpRequestMessage(HttpMethod.Delete, $"api/listings/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        (await t.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    [SkippableFact]
    public async Task If_Match_compares_strongly_so_a_weak_tag_of_the_current_version_does_not_match()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;

        var weak = await (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Weak" }, "W/\"1\"")).JsonAsync(HttpStatusCode.PreconditionFailed);
        ((int)weak["currentVersion"]!).ShouldBe(1);
        (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Listed" }, "W/\"1\", \"7\", \"1\"")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Any" }, "*")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Bare" }, "3")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"api/listings/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", "W/\"3\"");
        (await t.Http.SendAsync(delete)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var current = await (await t.Http.GetAsync($"api/listings/{id}")).JsonAsync(HttpStatusCode.OK);
        ((string)current["title"]!).ShouldBe("Any");
        ((int)current["version"]!).ShouldBe(3);
    }

    [SkippableFact]
    public async Task Another_tenants_listing_is_not_found_and_never_shown()
    {
        fixture.SkipIfUnavailable();
        using var owner = await fixture.CreateTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        var seller = await owner.Http.CreateSellerAsync("D1");
        var id = (long)(await owner.Http.CreateVehicleAsync(seller, "V1"))["id"]!;

        var get = await other.Http.GetAsync($"api/listings/{id}");
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await get.Content.ReadAsStringAsync()).ShouldNotContain("Honda");
        (await other.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Hijacked" }, "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.DeleteAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.GetAsync($"api/sellers/{seller}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listing = await other.Http.PostJsonAsync("api/listings", ApiExtensions.Vehicle(seller, "V2"));
        (await listing.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("sellerId").ShouldBeTrue();
        (await other.Http.ChangesAsync()).Count.ShouldBe(0);

        var mine = await (await owner.Http.GetAsync($"api/listings/{id}")).JsonAsync(HttpStatusCode.OK);
        ((string)mine["title"]!).ShouldBe("2019 Honda Accord EX");
    }

    [SkippableFact]
    public async Task Lists_a_sellers_listings_page_by_page()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var otherSeller = await t.Http.CreateSellerAsync("D2");
        for (var i = 0; i < 5; i++)
        {
            await t.Http.CreateVehicleAsync(seller, $"V{i}");
        }

        await t.Http.CreateVehicleAsync(otherSeller, "X");
        var seen = new List<string>();
        var after = "0";
        var pages = 0;
        while (after is not null)
        {
            var page = (await t.Http.GetFromJsonAsync<JsonObject>($"api/sellers/{seller}/listings?limit=2&after={after}"))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["externalId"]!));
            after = (string?)page["next"];
            pages++;
        }

        seen.ShouldBe(["V0", "V1", "V2", "V3", "V4"]);
        pages.ShouldBe(3);
        (await t.Http.GetAsync($"api/sellers/{seller}/listings?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.Http.GetAsync($"api/sellers/{seller}/listings?status=sold")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Every_listing_write_appends_to_the_change_log_in_order()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;
        await t.Http.PatchJsonAsync($"api/listings/{id}", new { title = "Changed" }, "\"1\"");
        await t.Http.DeleteAsync($"api/listings/{id}");

        var changes = await t.Http.ChangesAsync();
        changes.Select(c => ((long)c!["listingId"]!, (int)c["version"]!, (string)c["kind"]!))
            .ShouldBe([(id, 1, "upsert"), (id, 2, "upsert"), (id, 3, "delete")]);
        var seqs = changes.Select(c => (long)c!["seq"]!).ToList();
        seqs.ShouldBe(seqs.Order().ToList());
        (await t.Http.ChangesAsync(seqs[1])).Count.ShouldBe(1);
    }

    [SkippableFact]
    public async Task A_listing_without_location_takes_its_sellers_zip_coordinates()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1", postalCode: "02134");
        var listing = await t.Http.CreateVehicleAsync(seller, "V1");
        var location = listing["attributes"]!["location"]!;
        ((double)location["lat"]!).ShouldBe(42.35, 0.05);
        ((double)location["lng"]!).ShouldBe(-71.1, 0.06); // the ZIP centroid, or Boston's centre on the built-in table

        var badZip = await t.Http.PostJsonAsync("api/sellers", new { externalId = "D2", name = "Nowhere Motors", kind = "dealer", postalCode = "00000" });
        (await badZip.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("postalCode").ShouldBeTrue();
    }

    [SkippableFact]
    public async Task Wholesale_and_agent_listings_follow_their_vertical_schemas()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var maker = await t.Http.CreateSellerAsync("M1", kind: "manufacturer");
        var product = await t.Http.PostJsonAsync("api/listings", new
        {
            sellerId = maker,
            category = "wholesale",
            title = "Stainless steel water bottle 750 ml",
            price = new { amount = 899, currency = "GBP" },
            attributes = new
            {
                sku = "WB-750",
                brand = "Hydra",
                category_path = new[] { "Kitchen", "Drinkware" },
                moq = 24,
                case_pack = 12,
                price_tiers = new[] { new { minQuantity = 24, amount = 899 }, new { minQuantity = 240, amount = 799 } },
            },
        });
        var created = await product.JsonAsync(HttpStatusCode.Created);
        created["attributes"]!["price_tiers"]!.AsArray().Count.ShouldBe(2);

        var badTiers = await t.Http.PostJsonAsync("api/listings", new
        {
            sellerId = maker,
            category = "wholesale",
            title = "Bad tiers",
            attributes = new { sku = "X", moq = 1, case_pack = 1, price_tiers = new[] { new { minQuantity = 10, amount = 5 }, new { minQuantity = 5, amount = 4 } } },
        });
        (await badTiers.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("attributes.price_tiers").ShouldBeTrue();

        var vendor = await t.Http.CreateSellerAsync("A1", kind: "agent_vendor");
        var agent = await t.Http.PostJsonAsync("api/listings", new
        {
            sellerId = vendor,
            category = "ai-agents",
            title = "Invoice extractor",
            price = new { amount = 4900, currency = "USD" },
            attributes = new
            {
                capabilities = new[] { "ocr", "invoices" },
                integration_type = "api",
                licence_type = "commercial",
                delivery = "licence_key",
                pricing_model = "subscription",
                billing_period = "month",
            },
        });
        await agent.JsonAsync(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task A_child_category_inherits_its_parents_attributes()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var created = await t.Http.PostJsonAsync("api/categories", new
        {
            slug = "classic-cars",
            name = "Classic cars",
            parent = "vehicles",
            attributes = new[] { new { name = "restored", type = "boolean", required = true, filterable = true } },
        });
        var category = await created.JsonAsync(HttpStatusCode.Created);
        category["attributes"]!.AsArray().Select(a => (string)a!["name"]!).ShouldContain("vin");
        category["attributes"]!.AsArray().Select(a => (string)a!["name"]!).ShouldContain("restored");

        var seller = await t.Http.CreateSellerAsync("D1");
        var vehicle = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ApiExtensions.Vehicle(seller, "C1", year: 1967)))!.AsObject();
        vehicle["category"] = "classic-cars";
        var missing = await (await t.Http.PostJsonAsync("api/listings", vehicle)).JsonAsync(HttpStatusCode.BadRequest);
        missing["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["attributes.restored"]);
        vehicle["attributes"]!["restored"] = true;
        await (await t.Http.PostJsonAsync("api/listings", vehicle)).JsonAsync(HttpStatusCode.Created);

        var duplicate = await t.Http.PostJsonAsync("api/categories", new
        {
            slug = "classic-cars-2",
            name = "Again",
            parent = "vehicles",
            attributes = new[] { new { name = "vin", type = "keyword" } },
        });
        (await duplicate.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("attributes[0]").ShouldBeTrue();
    }
}

public sealed class ListingsApiSqliteTests(SqliteFixture fixture) : ListingsApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ListingsApiPostgresTests(PostgresFixture fixture) : ListingsApiTests(fixture), IClassFixture<PostgresFixture>;
