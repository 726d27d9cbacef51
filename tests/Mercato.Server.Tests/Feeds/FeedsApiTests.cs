using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;
using static Mercato.Server.Tests.Feeds.FeedTestFiles;

namespace Mercato.Server.Tests.Feeds;

/// <summary>Uploads and URL imports through the API, run by the <c>feeds.import</c> job.</summary>
public abstract class FeedsApiTests(ServerFixture fixture)
{
    private static MultipartFormDataContent Form(string? csv, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (csv is not null)
        {
            form.Add(new StringContent(csv), "file", "inventory.csv");
        }

        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    private static async Task<JsonObject> WaitAsync(HttpClient http, long id)
    {
        for (var i = 0; i < 300; i++)
        {
            var import = await (await http.GetAsync($"api/feeds/imports/{id}")).JsonAsync(HttpStatusCode.OK);
            if ((string)import["status"]! is "completed" or "completed_with_errors" or "failed")
            {
                return import;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"import {id} did not finish");
    }

    [SkippableFact]
    public async Task An_uploaded_feed_runs_as_a_job_with_status_counts_and_a_report()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        var accepted = await (await t.Http.PostAsync("api/feeds/imports", Form($"{Header}\n{Row(1)}\n{Row(2, price: "abc")}\n{Row(3)}\n")))
            .JsonAsync(HttpStatusCode.Accepted);
        var id = (long)accepted["id"]!;
        ((string)accepted["status"]!).ShouldBe("queued");

        var done = await WaitAsync(t.Http, id);
        ((string)done["status"]!).ShouldBe("completed_with_errors", done.ToJsonString());
        ((long)done["counts"]!["created"]!).ShouldBe(2);
        ((long)done["counts"]!["rejected"]!).ShouldBe(1);
        ((string)done["encoding"]!).ShouldBe("utf-8");
        (await t.ListingsAsync()).Count.ShouldBe(2);

        var csv = await t.Http.GetStringAsync($"api/feeds/imports/{id}/report.csv");
        csv.ShouldContain("3,price,abc,\"is not a price");
        var json = (await t.Http.GetFromJsonAsync<JsonObject>($"api/feeds/imports/{id}/report.json"))!;
        json["issues"]!.AsArray().Count.ShouldBe(1);
        (await other.Http.GetAsync($"api/feeds/imports/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another marketplace's import");
    }

    [SkippableFact]
    public async Task Refuses_anonymous_callers_bad_forms_and_urls_into_our_own_network()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var anonymous = await fixture.CreateTenantAsync(asAdmin: false);
        (await anonymous.Http.PostAsync("api/feeds/imports", Form($"{Header}\n"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await t.Http.PostAsJsonAsync("api/feeds/imports", new { url = "http://x" })).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        var bad = await (await t.Http.PostAsync("api/feeds/imports", Form(null, ("url", "file:///etc/passwd"), ("dryRun", "maybe")))).JsonAsync(HttpStatusCode.BadRequest);
        bad["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["dryRun", "url"]);
        (await t.Http.PostAsync("api/feeds/imports", Form($"{Header}\n", ("seller", "nobody")))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        foreach (var url in (string[])["http://127.0.0.1:9/feed.csv", "http://169.254.169.254/latest/meta-data", "http://localhost/feed.csv"])
        {
            var accepted = await (await t.Http.PostAsync("api/feeds/imports", Form(null, ("url", url)))).JsonAsync(HttpStatusCode.Accepted);
            var done = await WaitAsync(t.Http, (long)accepted["id"]!);
            ((string)done["status"]!).ShouldBe("failed");
            ((string)done["error"]!).ShouldContain("not globally routable");
        }
    }
}

public sealed class SqliteFeedsApiTests(SqliteFixture fixture) : FeedsApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresFeedsApiTests(PostgresFixture fixture) : FeedsApiTests(fixture), IClassFixture<PostgresFixture>;
