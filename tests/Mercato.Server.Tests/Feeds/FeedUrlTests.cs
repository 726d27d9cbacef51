using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Feeds;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Mercato.Server.Tests.Feeds.FeedTestFiles;

namespace Mercato.Server.Tests.Feeds;

/// <summary>A server that may fetch from loopback (tests only), with short fetch limits and quick retries.</summary>
public abstract class FeedUrlFixture(TestEngine engine) : ServerFixture(engine)
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Outbound:AllowLoopback", "true");
        builder.UseSetting("Mercato:Outbound:MaxRetries", "2");
        builder.UseSetting("Mercato:Outbound:RetryDelay", "00:00:00.050");
        builder.UseSetting("Mercato:Feeds:FetchDeadlineSeconds", "4");
        builder.UseSetting("Mercato:Feeds:MinFetchRateWindowSeconds", "2");
        builder.UseSetting("Mercato:Feeds:ImportWorkers", "6");
        builder.UseSetting("Mercato:Feeds:MaxActiveImportsPerSeller", "6");
        builder.UseSetting("Mercato:Jobs:PollInterval", "00:00:00.100");
    }
}

public sealed class SqliteFeedUrlFixture() : FeedUrlFixture(TestEngine.Sqlite);

public sealed class PostgresFeedUrlFixture() : FeedUrlFixture(TestEngine.Postgres);

/// <summary>URL imports against a loopback server that misbehaves: every failure ends the import with its reason.</summary>
public abstract class FeedUrlTests(FeedUrlFixture fixture)
{
    private static readonly string Feed = $"{Header}\n{Row(1)}\n{Row(2)}\n";

    [SkippableFact]
    public async Task Every_fetch_failure_ends_the_import_failed_with_the_reason()
    {
        fixture.SkipIfUnavailable();
        await using var server = new FeedUrlServer(Feed);
        using var t = await fixture.CreateTenantAsync();
        var cases = new (string Path, string Status, string[] Reason)[]
        {
            ("/ok.csv", "completed", []),
            ("/to-file", "failed", ["redirect to 'file:///etc/passwd' refused", "only http and https"]),
            ("/to-private", "failed", ["169.254.169.254", "not globally routable", "link-local"]),
            ("/error", "failed", ["500"]),
            ("/slow.csv", "failed", ["below the minimum of 1,024 bytes/s"]),
            ("/steady.csv", "failed", ["deadline of 4 s"]),
        };
        var ids = new List<long>();
        foreach (var (path, _, _) in cases)
        {
            ids.Add(await ImportAsync(t, server.Url(path)));
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var done = await WaitAsync(t.Http, ids[i]);
            ((string)done["status"]!).ShouldBe(cases[i].Status, done.ToJsonString());
            foreach (var reason in cases[i].Reason)
            {
                ((string)done["error"]!).ShouldContain(reason);
            }
        }

        server.Hits["/error"].ShouldBe(3, "a 500 is retried twice (MaxRetries) with backoff, then reported");
        server.Hits.ContainsKey("/latest/meta-data").ShouldBeFalse();
        (await t.ListingsAsync()).Count.ShouldBe(2, "the good feed was imported");
    }

    [SkippableFact]
    public async Task A_seller_past_the_cap_of_unfinished_imports_gets_a_429_problem()
    {
        fixture.SkipIfUnavailable();
        await using var server = new FeedUrlServer(Feed);
        using var t = await fixture.CreateTenantAsync();
        (await t.Http.PostAsJsonAsync("api/sellers", new { externalId = "D1", name = "Capped Motors", kind = "dealer", postalCode = "10001" })).IsSuccessStatusCode.ShouldBeTrue();
        var slow = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            slow.Add(await ImportAsync(t, server.Url("/slow.csv"), ("seller", "D1")));
        }

        var refused = await t.Http.PostAsync("api/feeds/imports", Form(server.Url("/ok.csv"), ("seller", "D1")));
        var problem = await refused.JsonAsync(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(60));
        ((string)problem["detail"]!).ShouldContain("6 imports of seller 'D1' are already queued or running");
        (await ImportAsync(t, server.Url("/ok.csv"))).ShouldBeGreaterThan(0, "another seller (here: multi-dealer imports) is not held up");

        foreach (var id in slow)
        {
            await WaitAsync(t.Http, id);
        }

        var accepted = await ImportAsync(t, server.Url("/ok.csv"), ("seller", "D1"));
        ((string)(await WaitAsync(t.Http, accepted))["status"]!).ShouldBe("completed", "finished imports free the seller's slots");
    }

    [SkippableFact]
    public async Task An_import_whose_process_died_shows_interrupted_and_resumes_by_itself()
    {
        fixture.SkipIfUnavailable();
        await using var server = new FeedUrlServer(Feed);
        using var t = await fixture.CreateTenantAsync();
        var database = fixture.Services.GetRequiredService<Database>();
        var store = fixture.Services.GetRequiredService<FeedImportStore>();
        var folder = Path.GetTempPath();
        (await t.Http.GetAsync("api/feeds/imports")).EnsureSuccessStatusCode(); // the tenant's first request is not what is timed below

        // What a node that died mid-fetch leaves behind: a running record, no lease, no live job.
        long id;
        await using (var connection = await database.OpenAsync())
        {
            var record = await store.CreateAsync(connection, null, t.Tenant.Id, null, "api", server.Url("/gate.csv"), Path.Combine(folder, $"{Guid.NewGuid():N}.feed"),
                null, null, new FeedImportOptions { Url = server.Url("/gate.csv") }, FeedImportStatus.Running);
            id = record.Id;
            await connection.ExecuteAsync("UPDATE feed_imports SET updated_at = @old WHERE id = @id", new { old = DateTimeOffset.UtcNow.AddMinutes(-5), id });
        }

        await fixture.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FeedImportRecovery>().Single().RecoverAsync();
        var shown = await (await t.Http.GetAsync($"api/feeds/imports/{id}")).JsonAsync(HttpStatusCode.OK);
        ((string)shown["status"]!).ShouldBe("interrupted", shown.ToJsonString());
        ((string)shown["error"]!).ShouldContain("the importing process stopped");

        server.OpenGate();
        var done = await WaitAsync(t.Http, id);
        ((string)done["status"]!).ShouldBe("completed", done.ToJsonString());
        ((long)done["counts"]!["created"]!).ShouldBe(2);
    }

    [SkippableFact]
    public async Task An_import_whose_process_keeps_dying_is_failed_after_the_last_resume_not_resumed_forever()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var database = fixture.Services.GetRequiredService<Database>();
        var store = fixture.Services.GetRequiredService<FeedImportStore>();
        var maxResumes = fixture.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FeedsOptions>>().Value.MaxResumes;
        long id;
        await using (var connection = await database.OpenAsync())
        {
            var url = "https://feeds.example.com/crash.csv";
            var record = await store.CreateAsync(connection, null, t.Tenant.Id, null, "api", url, Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.feed"),
                null, null, new FeedImportOptions { Url = url }, FeedImportStatus.Running);
            id = record.Id;

            // It already died (and was resumed) as often as allowed; this is the next death.
            await connection.ExecuteAsync("UPDATE feed_imports SET updated_at = @old, interruptions = @maxResumes WHERE id = @id",
                new { old = DateTimeOffset.UtcNow.AddMinutes(-5), maxResumes, id });
        }

        await fixture.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FeedImportRecovery>().Single().RecoverAsync();
        var shown = await (await t.Http.GetAsync($"api/feeds/imports/{id}")).JsonAsync(HttpStatusCode.OK);
        ((string)shown["status"]!).ShouldBe("failed", shown.ToJsonString());
        ((string)shown["error"]!).ShouldContain($"stopped {maxResumes + 1} times");
        await using (var connection = await database.OpenAsync())
        {
            (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs WHERE unique_key = @key", new { key = FeedImportJob.UniqueKey(id) })).ShouldBe(0, "no job resumes it");
        }
    }

    private static MultipartFormDataContent Form(string url, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new StringContent(url), "url" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    private static async Task<long> ImportAsync(TenantClient t, string url, params (string Name, string Value)[] fields) =>
        (long)(await (await t.Http.PostAsync("api/feeds/imports", Form(url, fields))).JsonAsync(HttpStatusCode.Accepted))["id"]!;

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
}

public sealed class SqliteFeedUrlTests(SqliteFeedUrlFixture fixture) : FeedUrlTests(fixture), IClassFixture<SqliteFeedUrlFixture>;

public sealed class PostgresFeedUrlTests(PostgresFeedUrlFixture fixture) : FeedUrlTests(fixture), IClassFixture<PostgresFeedUrlFixture>;
