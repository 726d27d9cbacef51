using System.Net;
using Mercato.Server.Jobs;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Jobs;

public abstract class JobsAdminApiTests(JobsFixture fixture)
{
    [SkippableFact]
    public async Task Admin_routes_need_the_admin_token()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(admin: false);
        var missing = await t.Http.GetAsync("api/admin/jobs");
        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        ((string)(await missing.JsonAsync(HttpStatusCode.Unauthorized))["detail"]!).ShouldContain("admin token");
        t.Http.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-token-wrong-token");
        (await t.Http.GetAsync("api/admin/jobs/stats")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await t.Http.GetAsync("admin/jobs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Enqueue_refuses_unknown_kinds_bad_payloads_negative_delays_and_unknown_queues_with_field_errors()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        async Task<string> RefusedFieldAsync(object body)
        {
            var problem = await (await t.Http.PostJsonAsync("api/admin/jobs", body)).JsonAsync(HttpStatusCode.BadRequest);
            return problem["errors"]!.AsObject().Single().Key;
        }

        (await RefusedFieldAsync(new { kind = "no.such.kind", payload = new { } })).ShouldBe("kind");
        (await RefusedFieldAsync(new { kind = TestJobs.Record, payload = new { tag = 5 } })).ShouldBe("payload");
        (await RefusedFieldAsync(new { kind = TestJobs.Record, payload = new { tagg = "x" } })).ShouldBe("payload");
        (await RefusedFieldAsync(new { kind = TestJobs.Record, payload = new { tag = "x" }, delaySeconds = -5 })).ShouldBe("delaySeconds");
        (await RefusedFieldAsync(new { kind = TestJobs.Record, payload = new { tag = "x" }, queue = "nowhere" })).ShouldBe("queue");
        (await RefusedFieldAsync(new { kind = TestJobs.Record, payload = new { tag = "x" }, priority = 1000 })).ShouldBe("priority");

        var problem = await (await t.Http.PostJsonAsync("api/admin/jobs", new { kind = TestJobs.Record, payload = new { tag = 5 } })).JsonAsync(HttpStatusCode.BadRequest);
        ((string)problem["detail"]!).ShouldContain("test.record");
    }

    [SkippableFact]
    public async Task Lists_counts_and_shows_jobs_of_this_marketplace_only()
    {
        fixture.SkipIfUnavailable();
        using var a = await fixture.CreateTenantAsync();
        using var b = await fixture.CreateTenantAsync();
        var created = await (await a.Http.PostJsonAsync("api/admin/jobs", new { kind = TestJobs.Record, payload = new { tag = "later" }, delaySeconds = 3600, queue = "serial" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = (long)created["id"]!;

        var page = await (await a.Http.GetAsync("api/admin/jobs?queue=serial&state=available")).JsonAsync(HttpStatusCode.OK);
        page["items"]!.AsArray().Select(j => (long)j!["id"]!).ShouldContain(id);
        var stats = await (await a.Http.GetAsync("api/admin/jobs/stats")).JsonAsync(HttpStatusCode.OK);
        var serial = stats["queues"]!.AsArray().Single(q => (string)q!["queue"]! == "serial")!;
        ((long)serial["scheduled"]!).ShouldBeGreaterThanOrEqualTo(1);
        ((long)serial["states"]!["available"]!).ShouldBeGreaterThanOrEqualTo(1);

        var other = await (await b.Http.GetAsync("api/admin/jobs?queue=serial")).JsonAsync(HttpStatusCode.OK);
        other["items"]!.AsArray().Select(j => (long)j!["id"]!).ShouldNotContain(id);
        (await b.Http.GetAsync($"api/admin/jobs/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await b.Http.PostAsync($"api/admin/jobs/{id}/discard", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var discarded = await (await a.Http.PostAsync($"api/admin/jobs/{id}/discard", null)).JsonAsync(HttpStatusCode.OK);
        ((string)discarded["state"]!).ShouldBe(JobStates.Discarded);
        (await a.Http.PostAsync($"api/admin/jobs/{id}/discard", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await a.Http.GetAsync("api/admin/jobs?state=bogus")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Cancelling_a_running_job_stops_its_handler_and_a_timeout_fails_the_attempt()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var tag = Guid.NewGuid().ToString("N");
        var running = (await fixture.Jobs().EnqueueAsync(JobsTestExtensions.Request(TestJobs.Block, new TagPayload(tag)))).Id;
        await fixture.WaitForStateAsync(running, JobStates.Running);
        var accepted = await (await t.Http.PostAsync($"api/admin/jobs/{running}/cancel", null)).JsonAsync(HttpStatusCode.Accepted);
        ((bool)accepted["cancelRequested"]!).ShouldBeTrue();
        await fixture.WaitForStateAsync(running, JobStates.Cancelled, seconds: 5);

        var timed = (await fixture.Jobs().EnqueueAsync(
            JobsTestExtensions.Request(TestJobs.Block, new TagPayload(tag)) with { Timeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 })).Id;
        await fixture.WaitForStateAsync(timed, JobStates.Discarded, seconds: 5);
        (await fixture.JobAsync(timed)).LastError!.ShouldContain("timed out");
    }

    [SkippableFact]
    public async Task The_admin_page_signs_in_with_the_token_and_encodes_what_it_shows()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(admin: false);
        var id = (await fixture.Jobs().EnqueueAsync(
            JobsTestExtensions.Request(TestJobs.Fail, new FailPayload("page", "<script>alert(1)</script>")) with { MaxAttempts = 1, TenantId = t.Tenant.Id })).Id;
        await fixture.WaitForStateAsync(id, JobStates.Discarded);

        var signIn = await t.Http.GetAsync("admin/jobs");
        signIn.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await signIn.Content.ReadAsStringAsync()).ShouldContain("name=\"token\"");
        var wrong = await t.Http.PostAsync("admin/jobs/sign-in", new FormUrlEncodedContent([new("token", "nope")]));
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var signedIn = await t.Http.PostAsync("admin/jobs/sign-in", new FormUrlEncodedContent([new("token", JobsFixture.AdminToken)]));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldNotContain(JobsFixture.AdminToken);

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/jobs?state=discarded");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var page = await t.Http.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script>alert");
        html.ShouldContain($"action=\"/admin/jobs/{id}/retry\"");
    }
}

public sealed class JobsAdminApiSqliteTests(SqliteJobsFixture fixture) : JobsAdminApiTests(fixture), IClassFixture<SqliteJobsFixture>;

public sealed class JobsAdminApiPostgresTests(PostgresJobsFixture fixture) : JobsAdminApiTests(fixture), IClassFixture<PostgresJobsFixture>;
