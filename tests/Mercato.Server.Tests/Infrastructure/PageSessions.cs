using Mercato.Server.Tests.Accounts;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>Browser-like sessions for page tests: cookie clients that sign up through the real forms.</summary>
internal static class PageSessions
{
    public const string Password = "correct horse battery";

    /// <summary>A new seller account (owner of a new dealer near ZIP 10001), signed in, on the dashboard.</summary>
    public static async Task<HttpClient> SignUpSellerAsync(this ServerFixture fixture, TenantClient t, string email, string organisation)
    {
        var browser = fixture.AnonymousClient(t);
        var signup = await browser.GetStringAsync("account/signup");
        var response = await browser.PostAsync("account/signup", AccountsTests.Form(signup, new()
        {
            ["name"] = organisation + " owner",
            ["email"] = email,
            ["password"] = Password,
            ["accountType"] = "seller",
            ["organisation"] = organisation,
            ["sellerKind"] = "dealer",
            ["postalCode"] = "10001",
        }));
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/dashboard");
        return browser;
    }
}
