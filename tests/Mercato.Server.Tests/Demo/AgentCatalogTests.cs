using Mercato.Server.Demo;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Demo;

public sealed class AgentCatalogTests
{
    [Fact]
    public void Generates_the_requested_agents_from_fifteen_vendors()
    {
        var (vendors, agents) = AgentCatalog.Generate(TestReferenceData.Current.PostalCodes, 100, seed: 1);
        agents.Count.ShouldBe(100);
        vendors.Count.ShouldBe(15);
        vendors.ShouldAllBe(v => v.Kind == "agent_vendor");
        foreach (var v in vendors)
        {
            TestReferenceData.Current.PostalCodes.TryGet(v.Zip, out _, out _).ShouldBeTrue();
        }

        agents.Select(a => a.ExternalId).Distinct().Count().ShouldBe(100);
        agents.Select(a => a.Title).Distinct().Count().ShouldBe(100);
        agents.Select(a => a.SellerExternalId).Distinct().Count().ShouldBeGreaterThan(8);
    }

    [Fact]
    public void Attributes_are_consistent_and_prices_valid()
    {
        var (vendors, agents) = AgentCatalog.Generate(TestReferenceData.Current.PostalCodes, 100, seed: 1);
        var vendorIds = vendors.Select(v => v.ExternalId).ToHashSet();
        foreach (var a in agents)
        {
            vendorIds.ShouldContain(a.SellerExternalId);
            a.IntegrationType.ShouldBeOneOf("api", "slack", "zapier", "chrome_extension", "desktop", "cli");
            a.ModelProvider.ShouldBeOneOf("openai", "anthropic", "google", "mistral", "meta", "self_hosted");
            a.LicenceType.ShouldBeOneOf("mit", "apache_2", "commercial", "proprietary");
            a.Delivery.ShouldBeOneOf("download", "licence_key", "hosted");
            a.PricingModel.ShouldBeOneOf("one_off", "subscription");
            a.Currency.ShouldBe("USD");
            a.PriceMinor.ShouldBeInRange(1_00, 10_000_00);
            a.Capabilities.Count.ShouldBeGreaterThanOrEqualTo(1);
            a.Description.ShouldNotBeNullOrWhiteSpace();
            if (a.PricingModel == "one_off")
            {
                a.BillingPeriod.ShouldBeNull();
            }
            else
            {
                a.BillingPeriod.ShouldBeOneOf("month", "year");
            }

            if (a.Delivery == "hosted")
            {
                a.PricingModel.ShouldBe("subscription");
            }
        }
    }

    [Fact]
    public void Is_deterministic_per_seed()
    {
        AgentCatalog.Generate(TestReferenceData.Current.PostalCodes, 100, 3).Agents.ShouldBe(AgentCatalog.Generate(TestReferenceData.Current.PostalCodes, 100, 3).Agents, ignoreOrder: false, comparer: new AgentComparer());
        AgentCatalog.Generate(TestReferenceData.Current.PostalCodes, 100, 4).Agents.Select(a => a.Title).ShouldNotBe(AgentCatalog.Generate(TestReferenceData.Current.PostalCodes, 100, 3).Agents.Select(a => a.Title));
    }

    // Records compare their list members by reference, so compare the rendered form.
    private sealed class AgentComparer : IEqualityComparer<GeneratedAgent>
    {
        public bool Equals(GeneratedAgent? x, GeneratedAgent? y) =>
            x is not null && y is not null && x with { Capabilities = [] } == y with { Capabilities = [] }
            && x.Capabilities.SequenceEqual(y.Capabilities);

        public int GetHashCode(GeneratedAgent obj) => obj.ExternalId.GetHashCode(StringComparison.Ordinal);
    }
}
