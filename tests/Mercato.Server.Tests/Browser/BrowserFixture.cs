using System.Net;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mercato.Server.Tests.Browser;

/// <summary>
/// The demo marketplace on a real loopback port (Kestrel, port chosen by the system) and one headless Debian Chromium
/// driven by Playwright. Without Chromium the browser tests are skipped with that reason, unless
/// <c>MERCATO_REQUIRE_BROWSER=1</c> (CI), in which case they fail. Screenshots go to <see cref="ScreenshotDirectory"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string RequireVariable = "MERCATO_REQUIRE_BROWSER";
    public const string ArtifactsVariable = "MERCATO_ARTIFACTS";

    /// <summary>A small demo: seeded in a second or two, yet enough Fords near Dallas for two result pages on either reference source.</summary>
    public const int DemoVehicles = 2000;
    public const int DemoProducts = 40;
    public const int DemoAgents = 10;

    /// <summary>The viewports every key page is photographed at: a phone and a laptop.</summary>
    public static readonly IReadOnlyList<(int Width, int Height)> ScreenshotViewports = [(390, 844), (1280, 800)];

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _dataDir;
    private Task? _launch;

    /// <summary>Why the browser tests are skipped, or null.</summary>
    public string? SkipReason { get; } =
        File.Exists(ChromiumPath) || Environment.GetEnvironmentVariable(RequireVariable) == "1"
            ? null
            : $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); set {RequireVariable}=1 to fail instead";

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/ (the host serves the demo tenant).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("fixture not started")).Services;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("fixture not started");

    /// <summary><c>$MERCATO_ARTIFACTS/screenshots</c>, or <c>TestResults/screenshots</c> under the test output folder.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "TestResults"),
        "screenshots");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{RequireVariable}=1 but Chromium is not installed at {ChromiumPath}");
        }

        if (Directory.Exists(ScreenshotDirectory))
        {
            Directory.Delete(ScreenshotDirectory, recursive: true); // no stale failed-* pictures from an earlier run
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        Assertions.SetDefaultExpectTimeout(15_000); // the machines are small and busy; actions keep Playwright's 30 s
        _launch = LaunchBrowserAsync(); // meanwhile the server starts

        _dataDir = TestDatabases.NewSqliteDirectory();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Mercato:Database:DataDir", _dataDir);
            builder.UseSetting("Mercato:Accounts:AdminToken", ServerFixture.AdminToken);
            builder.UseSetting(Mercato.Server.ReferenceData.ReferenceDataOptions.Key, TestReferenceData.Folder ?? "");
            builder.UseSetting("Mercato:Accounts:FormPostsPerIpPerMinute", "1000000");
            builder.UseSetting("Mercato:Demo:Vehicles", $"{DemoVehicles}");
            builder.UseSetting("Mercato:Demo:Products", $"{DemoProducts}");
            builder.UseSetting("Mercato:Demo:Agents", $"{DemoAgents}");
        });
        // An explicit endpoint: it overrides the default URL the app sets for itself, and port 0 lets the system choose.
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory = factory;
        await Task.Run(factory.StartServer);
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");

        // The storefront answers 503 until the search index is built; wait until it holds the whole demo.
        using (var http = new HttpClient { BaseAddress = BaseAddress })
        {
            await SearchApiTests.WaitForAsync(http, "api/search",
                r => (int)r["estimatedTotalHits"]! == DemoVehicles + DemoProducts + DemoAgents);
        }

        await _launch;
    }

    private async Task LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_launch is not null)
        {
            // Let a launch that was still running when the server failed finish, so its Chromium is closed below.
            await _launch.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_dataDir is not null && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>
    /// Runs one browser session in a fresh context (own cookies) at the given viewport. When the session fails, a
    /// full-page screenshot and the page's HTML are kept next to the other screenshots as <c>failed-NAME.*</c>.
    /// </summary>
    public async Task RunAsync(string name, int width, int height, Func<IPage, Task> session)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        try
        {
            await session(page);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"failed-{name}.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, $"failed-{name}.html"), await page.ContentAsync());
            throw;
        }
    }

    /// <summary>
    /// Full-page screenshots of the current page at every viewport (NAME-390.png, NAME-1280.png), then the viewport is
    /// restored. The page must fit each width: content wider than the screen means sideways scrolling on a phone.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var original = page.ViewportSize;
        var overflows = new List<string>();
        foreach (var (width, height) in ScreenshotViewports)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}-{width}.png"), FullPage = true });
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0)
            {
                overflows.Add($"{overflow} px too wide at {width} px");
            }
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }

        overflows.ShouldBeEmpty($"{name} ({page.Url}) scrolls sideways");
    }

    /// <summary>Waits until the search index (which follows the change log) finds the query.</summary>
    public async Task WaitUntilSearchableAsync(string q)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        await SearchApiTests.WaitForAsync(http, $"api/search?q={Uri.EscapeDataString(q)}", r => r["hits"]!.AsArray().Count > 0);
    }
}
