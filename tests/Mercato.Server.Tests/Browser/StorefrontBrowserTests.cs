using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Pages.Storefront;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mercato.Server.Tests.Browser;

/// <summary>
/// The storefront in a real browser: what a shopper and a new seller do, found by role and label the way assistive
/// technology finds them. Key pages are photographed at 390 and 1280 px (see <see cref="BrowserFixture"/>).
/// </summary>
public sealed partial class StorefrontBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task A_shopper_browses_filters_pages_and_contacts_a_seller()
    {
        fixture.SkipIfUnavailable();
        await fixture.RunAsync("shopper", 390, 844, async page => // a phone: the filters follow the results
        {
            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mercato Demo Marketplace");
            await BrowserFixture.ScreenshotAsync(page, "home");

            await page.GetByRole(AriaRole.Link, new() { Name = "Vehicles" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vehicles");
            await LoadedAsync(page);
            var results = page.GetByRole(AriaRole.Region, new() { Name = "Results" });
            (await TotalAsync(results)).ShouldBeGreaterThanOrEqualTo(BrowserFixture.DemoVehicles); // the seller test may add one

            // On a phone the filters come after the results; a link at the top leads to them.
            await results.GetByRole(AriaRole.Link, new() { Name = "Filters" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("#filters$"));
            await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Filters" })).ToBeInViewportAsync();

            // Ticking a facet submits the filters by itself.
            var ford = page.GetByRole(AriaRole.Group, new() { Name = "Make" }).GetByRole(AriaRole.Checkbox, new() { Name = "Ford" });
            await ford.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]make=Ford(&|$)"));
            await Expect(ford).ToBeCheckedAsync();
            await LoadedAsync(page);
            var titles = results.GetByRole(AriaRole.Heading, new() { Level = 3 });
            await Expect(titles.First).ToContainTextAsync("Ford");
            (await titles.AllTextContentsAsync()).ShouldAllBe(t => t.Contains("Ford"));

            // A radius around a ZIP code: type the ZIP, pick the radius (a pointer choice submits at once). With the seeded
            // demo (seed 42) the Fords within 500 miles of Dallas fill two pages.
            var fords = await TotalAsync(results);
            await page.GetByLabel("ZIP", new() { Exact = true }).FillAsync("75201");
            await page.GetByLabel("Radius").SelectOptionAsync("500");
            await Expect(page).ToHaveURLAsync(new Regex(@"zip=75201&radius=500"));
            await LoadedAsync(page);
            var near = await TotalAsync(results);
            near.ShouldBeLessThan(fords);
            near.ShouldBeGreaterThan(StorefrontQuery.PageSize, "the demo should have two pages of Fords near Dallas");

            // With the keyboard, arrows only move through the options; Enter applies the choice.
            var sort = page.GetByLabel("Sort by");
            await sort.FocusAsync();
            for (var i = 0; i < 6; i++)
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }

            await Expect(sort).ToHaveValueAsync("distance");
            await Expect(sort).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex(@"sort=distance"));
            await Expect(page.GetByLabel("Sort by")).ToHaveValueAsync("distance");
            var distances = (await results.GetByText(" mi away").AllTextContentsAsync()).Select(Miles).ToList();
            distances.ShouldNotBeEmpty();
            distances.ShouldBeInOrder();
            distances.ShouldAllBe(d => d <= 500);
            await BrowserFixture.ScreenshotAsync(page, "search");

            var pages = page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
            await pages.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await Expect(results).ToContainTextAsync("page 2 of");
            await Expect(pages.Locator("[aria-current=page]")).ToHaveTextAsync("2");
            var secondPage = (await results.GetByText(" mi away").AllTextContentsAsync()).Select(Miles).ToList();
            secondPage.ShouldNotBeEmpty();
            secondPage[0].ShouldBeGreaterThanOrEqualTo(distances[^1]);

            var first = titles.First.GetByRole(AriaRole.Link);
            var title = (await first.TextContentAsync())!.Trim();
            await first.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Seller", Exact = true })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "listing");

            // An address without its @ first: the page comes back with the cursor in the field to correct, scrolled into view.
            var contact = page.GetByRole(AriaRole.Region, new() { Name = "Contact the seller" });
            await contact.GetByLabel("Name").FillAsync("Ann Shopper");
            await contact.GetByLabel("E-mail").FillAsync("ann.shopper.example.com");
            await Expect(contact.GetByLabel("Message")).ToHaveValueAsync(new Regex(Regex.Escape(title)));
            await contact.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
            var email = page.GetByRole(AriaRole.Region, new() { Name = "Contact the seller" }).GetByLabel("E-mail");
            await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(email).ToBeFocusedAsync();
            await Expect(email).ToBeInViewportAsync();
            await Expect(email).ToHaveAccessibleDescriptionAsync(new Regex(".+"));
            await Expect(contact.GetByLabel("Name")).ToHaveValueAsync("Ann Shopper");

            await email.FillAsync("ann.shopper@example.com");
            await email.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("Your message was sent"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        });

        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM leads WHERE email = 'ann.shopper@example.com'")).ShouldBe(1);
    }

    [SkippableFact]
    public async Task A_new_seller_signs_up_lists_a_car_through_the_form_and_finds_it_in_search()
    {
        fixture.SkipIfUnavailable();
        await fixture.RunAsync("seller", 1280, 800, async page =>
        {
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Sell with us" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create an account");
            await page.GetByLabel("Your name").FillAsync("Sam Seller");
            await page.GetByLabel("E-mail").FillAsync($"sam.{Guid.NewGuid():N}@example.com");
            await page.GetByLabel("Password").FillAsync("a long enough password");
            await Expect(page.GetByLabel("Account")).ToHaveValueAsync("seller");
            await page.GetByLabel("Business name").FillAsync("Sam's Classic Cars");
            await page.GetByLabel("Kind of seller").SelectOptionAsync("dealer");
            await page.GetByLabel("Business ZIP code").FillAsync("10001");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sam's Classic Cars");
            await Expect(page.GetByText("No listings yet.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Vehicles", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New Vehicles listing");

            // The form comes from the vehicle schema; the VIN is mistyped (a letter O for a zero).
            await page.GetByLabel("Title").FillAsync("1957 Studebaker Golden Hawk");
            await page.GetByLabel("Description").FillAsync("Supercharged 289, restored, garage kept.");
            await page.GetByLabel("Price").FillAsync("48500");
            await page.GetByLabel("VIN").FillAsync("1HGCM82633AO04352");
            await page.GetByLabel("Year").FillAsync("1957");
            await page.GetByLabel("Make").FillAsync("Studebaker");
            await page.GetByLabel("Model").FillAsync("Golden Hawk");
            await page.GetByLabel("Body").SelectOptionAsync(new SelectOptionValue { Label = "Coupe" });
            await page.GetByLabel("Condition").SelectOptionAsync("used");
            await page.GetByLabel("Mileage").FillAsync("61200");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert).First).ToHaveTextAsync("Please correct the fields marked below.");
            var vin = page.GetByLabel("VIN");
            await Expect(vin).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(vin).ToHaveAccessibleDescriptionAsync(new Regex("not a valid VIN"));
            await Expect(vin).ToBeFocusedAsync();
            await Expect(page.GetByLabel("Title")).ToHaveValueAsync("1957 Studebaker Golden Hawk");
            await Expect(page.GetByLabel("Body")).ToHaveValueAsync("Coupe");
            await BrowserFixture.ScreenshotAsync(page, "listing-form-error");

            await vin.FillAsync("1HGCM82633A004352");
            await vin.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex(@"Listing \d+ created\."));
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "1957 Studebaker Golden Hawk" });
            await Expect(row).ToContainTextAsync("$48,500");
            await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Edit 1957 Studebaker Golden Hawk" })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "dashboard");

            await fixture.WaitUntilSearchableAsync("Studebaker Golden Hawk");
            var search = page.GetByRole(AriaRole.Search).GetByRole(AriaRole.Textbox);
            await search.FillAsync("Studebaker Golden Hawk");
            await search.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Results for “Studebaker Golden Hawk”");
            var hit = page.GetByRole(AriaRole.Region, new() { Name = "Results" }).GetByRole(AriaRole.Link, new() { Name = "1957 Studebaker Golden Hawk" });
            await hit.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("1957 Studebaker Golden Hawk");
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Seller", Exact = true })).ToContainTextAsync("Sam's Classic Cars");
        });
    }

    /// <summary>
    /// After a navigation a click started (Playwright waits for the new page to commit, not to load): waits for the whole
    /// document, so the search page's filter script is listening before the next step uses it.
    /// </summary>
    [SkippableFact]
    public async Task The_marketplace_administrator_hides_a_listing_with_a_reason_and_shows_it_again()
    {
        fixture.SkipIfUnavailable();
        long id;
        await using (var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync())
        {
            // A wholesale product, so the shopper's vehicle counts are untouched.
            id = await connection.ExecuteScalarAsync<long>(
                "SELECT l.id FROM listings l JOIN categories c ON c.id = l.category_id WHERE c.vertical = 'wholesale' AND l.status = 'active' ORDER BY l.id LIMIT 1");
        }

        await fixture.RunAsync("admin", 1280, 800, async page =>
        {
            await page.GotoAsync("/account/login");
            await page.GetByLabel("E-mail").FillAsync("admin@demo.mercato.test");
            await page.GetByLabel("Password").FillAsync("mercato-demo");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Administration of Mercato Demo Marketplace");
            await BrowserFixture.ScreenshotAsync(page, "admin");

            var admin = page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" });
            await admin.GetByRole(AriaRole.Link, new() { Name = "Listings" }).ClickAsync();
            await page.GetByLabel("Title, listing id or external id").FillAsync(id.ToString(CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
            var card = page.GetByRole(AriaRole.Article);
            await Expect(card).ToHaveCountAsync(1);

            // The reason is required: the browser keeps the form until it is given.
            await card.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
            await card.GetByLabel("Reason").FillAsync("Counterfeit brand");
            await card.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Listing {id} is hidden from shoppers.");
            await Expect(card).ToContainTextAsync("Counterfeit brand");
            await BrowserFixture.ScreenshotAsync(page, "admin-listings");

            var response = await page.GotoAsync($"/listings/{id}");
            response!.Status.ShouldBe(404);

            await page.GoBackAsync();
            await page.GotoAsync($"/admin/listings?q={id}");
            await page.GetByRole(AriaRole.Article).GetByRole(AriaRole.Button, new() { Name = "Unhide" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Listing {id} is shown again.");
            (await page.GotoAsync($"/listings/{id}"))!.Status.ShouldBe(200);

            await page.GotoAsync("/admin/sellers");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sellers");
            await BrowserFixture.ScreenshotAsync(page, "admin-sellers");
        });
    }

    private static Task LoadedAsync(IPage page) => page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

    /// <summary>The number of hits the results line states ("1,234 listings · page 1 of 52").</summary>
    private static async Task<int> TotalAsync(ILocator results)
    {
        var line = results.GetByText(TotalPattern());
        await Expect(line).ToBeVisibleAsync();
        return int.Parse(TotalPattern().Match((await line.TextContentAsync())!).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    private static int Miles(string text) => int.Parse(MilesPattern().Match(text).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([\d,]+) listings · page")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"([\d,]+) mi away")]
    private static partial Regex MilesPattern();
}
