using System.Net;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Mercato.Server.Tests.Accounts;

/// <summary>A server that takes three posts per minute to each public form from one address.</summary>
public sealed class FormRateLimitFixture() : ServerFixture(TestEngine.Sqlite)
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Mercato:Accounts:FormPostsPerIpPerMinute", "3");
}

public sealed class FormRateLimitTests(FormRateLimitFixture fixture) : IClassFixture<FormRateLimitFixture>
{
    [Fact]
    public async Task A_browser_posting_a_form_too_often_gets_a_page_and_a_script_gets_a_problem()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var browser = fixture.AnonymousClient(t);
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await browser.GetStringAsync("account/signup");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            // Unique addresses, so only the per-IP limit can refuse them.
            last = await browser.PostAsync("account/signup", AccountsTests.Form(page, new() { ["name"] = "", ["email"] = $"ip{i}@example.com" }));
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests]);
        last!.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        last.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await last.Content.ReadAsStringAsync()).ShouldContain("Please wait");

        // Each form counts on its own; a script (asking for JSON) is answered with a problem.
        using var script = fixture.AnonymousClient(t);
        script.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            refused = await script.PostAsync("account/forgot", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = $"script{i}@example.com" }));
        }

        refused!.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many requests");
    }
}
