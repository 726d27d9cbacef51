using System.Text.RegularExpressions;
using Dapper;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mercato.Server.Tests.Browser;

public sealed partial class StorefrontBrowserTests
{
    /// <summary>The issue's demo scenario: a guest buys a wholesale product and an AI agent (manual provider) and sees both orders.</summary>
    [SkippableFact]
    public async Task A_guest_buys_a_wholesale_product_and_an_ai_agent_and_sees_both_orders()
    {
        fixture.SkipIfUnavailable();
        long product, agent;
        await using (var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync())
        {
            // The newest ones: the demo shopper's orders and the administrator's test use the first listings.
            product = await connection.ExecuteScalarAsync<long>(
                """
                SELECT l.id FROM listings l JOIN categories c ON c.id = l.category_id JOIN stock s ON s.listing_id = l.id
                WHERE c.vertical = @Wholesale AND l.status = 'active' AND s.available - s.reserved >= 5 ORDER BY l.id DESC LIMIT 1
                """,
                new { Wholesale = VerticalTemplates.Wholesale });
            agent = await connection.ExecuteScalarAsync<long>(
                "SELECT l.id FROM listings l JOIN categories c ON c.id = l.category_id WHERE c.vertical = @Agents AND l.status = 'active' ORDER BY l.id DESC LIMIT 1",
                new { Agents = VerticalTemplates.Agents });
        }

        await fixture.RunAsync("buyer", 1280, 800, async page =>
        {
            await page.GotoAsync($"/listings/{product}");
            var buy = page.GetByRole(AriaRole.Region, new() { Name = "Buy", Exact = true });
            await Expect(buy).ToContainTextAsync(new Regex(@"\d+ left"));
            await buy.GetByLabel("Quantity").FillAsync("2");
            await buy.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your cart");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added to your cart.");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cart (2)" })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "cart");
            await CheckOutAsync(page, "checkout");

            await page.GotoAsync($"/listings/{agent}");
            await page.GetByRole(AriaRole.Region, new() { Name = "Buy", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await CheckOutAsync(page, null);
            await BrowserFixture.ScreenshotAsync(page, "purchase");

            await page.GetByRole(AriaRole.Link, new() { Name = "All your orders" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your orders");
            var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pending payment" });
            await Expect(rows).ToHaveCountAsync(2);
            await BrowserFixture.ScreenshotAsync(page, "orders");
        });
    }

    private static async Task CheckOutAsync(IPage page, string? screenshot)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Checkout");
        await page.GetByLabel("E-mail").FillAsync("guest.buyer@example.com");
        await page.GetByLabel("Country (two letters, e.g. US)").FillAsync("US");
        if (screenshot is not null)
        {
            await BrowserFixture.ScreenshotAsync(page, screenshot);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex(@"^Thank you: purchase \d+$"));
        await Expect(page.Locator(".next-step").First).ToContainTextAsync("mark the order paid");
    }
}
