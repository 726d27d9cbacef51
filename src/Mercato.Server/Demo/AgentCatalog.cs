using System.Globalization;
using Mercato.Server.ReferenceData;

namespace Mercato.Server.Demo;

internal sealed record GeneratedAgent(
    string ExternalId,
    string SellerExternalId,
    string Title,
    string Description,
    IReadOnlyList<string> Capabilities,
    string IntegrationType,
    string ModelProvider,
    string LicenceType,
    string Delivery,
    string PricingModel,
    long PriceMinor,
    string Currency,
    string? BillingPeriod);

// AI agents for the digital-goods demo. Vendors are fictional; licence, delivery and pricing follow from how the
// agent is integrated: hosted integrations are subscriptions, local tools are sold once or open source.
internal static partial class AgentCatalog
{
    private static readonly (string Name, string Zip)[] s_vendors =
    [
        ("Helix Labs", "94107"), ("Northwind AI", "98104"), ("Quillmark", "10013"), ("Ledgerly", "78701"),
        ("Parsec Systems", "02139"), ("Brightloop", "80202"), ("Cobalt Forge", "60607"), ("Tessellate AI", "30308"),
        ("Lumen Works", "97209"), ("Sable Data", "27701"), ("Kite Automation", "84101"), ("Orchard Intelligence", "19106"),
        ("Fathom Agents", "55401"), ("Meridian Logic", "20005"), ("Pinecrest Software", "90015"),
    ];

    private static readonly string[] s_providers = ["openai", "anthropic", "google", "mistral", "meta", "self_hosted"];
    private static readonly double[] s_providerCumulative = DemoRandom.Cumulative([35, 25, 15, 8, 7, 10]);
    private static readonly string[] s_editions = ["Pro", "Team", "Lite", "Enterprise", "Plus", "Studio"];
    private static readonly long[] s_monthly = [19, 29, 39, 49, 79, 99, 149, 199, 299, 499];
    private static readonly long[] s_oneOff = [29, 49, 79, 99, 149, 199, 299, 499, 999];

    // Vendor ZIPs lie in cities of the built-in table, so they resolve on the fallback too.
    public static (IReadOnlyList<GeneratedSeller> Vendors, IReadOnlyList<GeneratedAgent> Agents) Generate(PostalCodes zips, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var vendors = s_vendors.Select((v, i) =>
        {
            zips.TryGet(v.Zip, out var latitude, out var longitude);
            return new GeneratedSeller(
                string.Create(CultureInfo.InvariantCulture, $"AV{i + 1:D5}"), v.Name, "agent_vendor", "US", v.Zip, latitude, longitude);
        }).ToArray();

        // Vendors differ in size: the first few publish most of the agents.
        var vendorCumulative = DemoRandom.Cumulative([.. vendors.Select((_, i) => 1.0 / (1 + (i * 0.25)))]);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var agents = new GeneratedAgent[count];
        for (var i = 0; i < count; i++)
        {
            var rng = DemoRandom.ForRow(seed, i, stream: 3);
            var v = rng.Pick(vendorCumulative);
            var kind = s_kinds[rng.Next(s_kinds.Length)];
            var title = UniqueTitle(titles, $"{s_vendors[v].Name.Split(' ')[0]} {kind.Title}", ref rng);
            var integration = kind.Integrations[rng.Next(kind.Integrations.Length)];
            var provider = s_providers[rng.Pick(s_providerCumulative)];
            var local = integration is "cli" or "desktop";
            if (local && provider != "self_hosted" && rng.Chance(0.3))
            {
                provider = "self_hosted";
            }

            string licence, delivery, pricing;
            string? period;
            long dollars;
            if (local && rng.Chance(provider == "self_hosted" ? 0.6 : 0.25))
            {
                // Open source: the code is free, the listing sells the packaged build with a year of support.
                (licence, delivery, pricing, period) = (rng.Chance(0.5) ? "mit" : "apache_2", "download", "one_off", null);
                dollars = s_oneOff[rng.Next(4)];
            }
            else if (local)
            {
                licence = "commercial";
                delivery = "licence_key";
                (pricing, period) = rng.Chance(0.6) ? ("one_off", (string?)null) : ("subscription", "year");
                dollars = pricing == "one_off" ? s_oneOff[rng.Next(s_oneOff.Length)] : s_monthly[rng.Next(s_monthly.Length)] * 10;
            }
            else
            {
                licence = "proprietary";
                delivery = "hosted";
                pricing = "subscription";
                period = rng.Chance(0.7) ? "month" : "year";
                var monthly = s_monthly[rng.Next(integration == "chrome_extension" ? 5 : s_monthly.Length)];
                dollars = period == "month" ? monthly : monthly * 10;
            }

            agents[i] = new GeneratedAgent(
                string.Create(CultureInfo.InvariantCulture, $"AG{i + 1:D5}"),
                vendors[v].ExternalId,
                title,
                Describe(kind.Description, integration, provider, licence),
                Capabilities(kind.Capabilities, ref rng),
                integration,
                provider,
                licence,
                delivery,
                pricing,
                dollars * 100,
                "USD",
                period);
        }

        return (vendors, agents);
    }

    private static string UniqueTitle(HashSet<string> titles, string title, ref DemoRandom rng)
    {
        var candidate = title;
        for (var attempt = 0; !titles.Add(candidate); attempt++)
        {
            candidate = attempt < s_editions.Length
                ? $"{title} {s_editions[(rng.Next(s_editions.Length) + attempt) % s_editions.Length]}"
                : string.Create(CultureInfo.InvariantCulture, $"{title} {attempt - s_editions.Length + 2}");
        }

        return candidate;
    }

    // The archetype's main capability plus a random subset of the others, at least two in all.
    private static string[] Capabilities(string[] all, ref DemoRandom rng)
    {
        var result = new List<string>(all);
        var keep = rng.Next(Math.Min(2, all.Length), all.Length + 1);
        while (result.Count > keep)
        {
            result.RemoveAt(1 + rng.Next(result.Count - 1));
        }

        return [.. result];
    }

    private static string Describe(string what, string integration, string provider, string licence)
    {
        var how = integration switch
        {
            "api" => "Call it from your own systems through a REST API with webhooks.",
            "slack" => "Lives in Slack: mention it in a channel or send it a direct message.",
            "zapier" => "Connects to 6,000+ apps through Zapier triggers and actions.",
            "chrome_extension" => "Works inside your browser as a Chrome extension.",
            "desktop" => "Runs as a desktop app on Windows and macOS; your files stay on your machine.",
            _ => "Runs from the command line and fits into scripts and CI pipelines.",
        };
        var model = provider switch
        {
            "openai" => "Uses OpenAI models.",
            "anthropic" => "Uses Anthropic Claude models.",
            "google" => "Uses Google Gemini models.",
            "mistral" => "Uses Mistral models.",
            "meta" => "Uses Meta Llama models.",
            _ when integration is "cli" or "desktop" => "Runs on a local open-weights model; no data leaves your network.",
            _ => "Runs on open-weights models hosted by the vendor.",
        };
        var terms = licence switch
        {
            "mit" => " Source code under the MIT licence.",
            "apache_2" => " Source code under the Apache 2.0 licence.",
            _ => "",
        };
        return $"{what} {how} {model}{terms}";
    }
}
