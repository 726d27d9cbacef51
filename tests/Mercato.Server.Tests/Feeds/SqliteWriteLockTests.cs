using System.Net;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using static Mercato.Server.Tests.Feeds.FeedTestFiles;

namespace Mercato.Server.Tests.Feeds;

/// <summary>SQLite with a short busy timeout and a small bound on single-transaction imports, so lock waits show quickly.</summary>
public sealed class SqliteShortLockFixture : SqliteFixture
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Database:BusyTimeoutSeconds", "2");
        builder.UseSetting("Mercato:Feeds:SqliteSingleTransactionMaxRows", "3000");
    }
}

/// <summary>SQLite has one write lock for every marketplace: a seller's import must not hold it so long that other writes fail.</summary>
public sealed class SqliteWriteLockTests(SqliteShortLockFixture fixture) : IClassFixture<SqliteShortLockFixture>
{
    [SkippableFact]
    public async Task A_write_that_finds_the_database_locked_past_the_busy_timeout_gets_503_with_Retry_After()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDir!, "mercato.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var transaction = holder.BeginTransaction(deferred: false);
            var busy = await t.Http.PostJsonAsync("api/sellers", new { externalId = "D1", name = "Dealer", kind = "dealer", postalCode = "10001" });
            busy.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            busy.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(5));
            busy.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await busy.JsonAsync(HttpStatusCode.ServiceUnavailable);
            ((string)problem["title"]!).ShouldBe("The database is busy");
        }

        await t.Http.CreateSellerAsync("D1");
    }

    [SkippableFact]
    public async Task A_dry_run_within_the_bound_lets_other_writes_through_and_a_bigger_one_is_refused_before_it_locks()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        var small = await PostAsync(t.Http, Vehicles(2_500), ("dryRun", "true"));
        var writes = 0;
        JsonObject done;
        while (true)
        {
            await other.Http.CreateSellerAsync($"W{writes++}");
            var state = await (await t.Http.GetAsync($"api/feeds/imports/{small}")).JsonAsync(HttpStatusCode.OK);
            if ((string)state["status"]! is "completed" or "completed_with_errors" or "failed")
            {
                done = state;
                break;
            }
        }

        ((string)done["status"]!).ShouldBe("completed", done.ToJsonString());
        ((long)done["counts"]!["created"]!).ShouldBe(2_500);
        (await t.ListingsAsync()).Count.ShouldBe(0, "a dry run writes nothing");

        var big = await PostAsync(t.Http, Vehicles(3_001), ("allOrNothing", "true"));
        var refused = await WaitAsync(t.Http, big);
        ((string)refused["status"]!).ShouldBe("failed");
        ((string)refused["error"]!).ShouldContain("more than 3,000 rows, the most an all-or-nothing import may have on SQLite");
        (await t.ListingsAsync()).Count.ShouldBe(0);
    }

    private static async Task<long> PostAsync(HttpClient http, string file, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(file)), "file", "inventory.csv" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return (long)(await (await http.PostAsync("api/feeds/imports", form)).JsonAsync(HttpStatusCode.Accepted))["id"]!;
    }

    private static async Task<JsonObject> WaitAsync(HttpClient http, long id)
    {
        for (var i = 0; i < 600; i++)
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
}
