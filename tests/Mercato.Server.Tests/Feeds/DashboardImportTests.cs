using System.Net;
using System.Text.RegularExpressions;
using Mercato.Server.Tests.Accounts;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Feeds;

/// <summary>The dashboard's import screens: upload with the antiforgery token, progress page, report links, ownership.</summary>
public sealed partial class DashboardImportTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task A_seller_uploads_a_feed_from_the_dashboard_and_follows_it_to_its_report()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var seller = await fixture.SignUpSellerAsync(t, "feeds@example.com", "Feed Motors");
        var page = await seller.GetStringAsync("dashboard/imports");
        page.ShouldContain("enctype=\"multipart/form-data\"");
        var token = System.Net.WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        var sellerKey = SellerField().Match(page).Groups[1].Value;
        var action = System.Net.WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value);

        var csv = string.Join('\n', FeedTestFiles.Header, FeedTestFiles.Row(1, sellerKey), FeedTestFiles.Row(2, sellerKey), FeedTestFiles.Row(3, sellerKey, price: "-5"));

        // Without the token the upload is refused and nothing is imported.
        var forged = await seller.PostAsync(action, Upload(csv, ("seller", sellerKey)));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("Reload the page and upload again");

        var uploaded = await seller.PostAsync(action, Upload(csv, ("__RequestVerificationToken", token), ("seller", sellerKey)));
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK);
        var progressUrl = uploaded.RequestMessage!.RequestUri!.PathAndQuery;
        progressUrl.ShouldStartWith("/dashboard/imports/");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var progress = await uploaded.Content.ReadAsStringAsync();
        while (!progress.Contains("completed with errors", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            progress.ShouldContain("http-equiv=\"refresh\"");
            await Task.Delay(200);
            progress = await seller.GetStringAsync(progressUrl);
        }

        progress.ShouldContain("completed with errors");
        progress.ShouldNotContain("http-equiv=\"refresh\"");
        progress.ShouldContain("<dt>Created</dt><dd>2</dd>");
        progress.ShouldContain("<dt>Rejected</dt><dd>1</dd>");
        var id = progressUrl.Split('/', '?')[3];
        var report = await seller.GetStringAsync($"api/feeds/imports/{id}/report.csv");
        report.ShouldContain("price");

        (await seller.GetStringAsync("dashboard/imports")).ShouldContain($"href=\"/dashboard/imports/{id}?seller=");

        // Another seller sees neither the import nor its report.
        using var other = await fixture.SignUpSellerAsync(t, "other@example.com", "Other Motors");
        (await other.GetAsync($"dashboard/imports/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"api/feeds/imports/{id}/report.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static MultipartFormDataContent Upload(string csv, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new StringContent(csv), "file", "inventory.csv");
        return form;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("name=\"seller\" value=\"([^\"]+)\"")]
    private static partial Regex SellerField();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\" enctype=\"multipart/form-data\"")]
    private static partial Regex FormAction();
}
