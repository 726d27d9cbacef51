using Mercato.Server.Demo;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Demo;

public sealed class WholesaleCatalogTests
{
    [Fact]
    public void Loads_the_requested_number_of_priced_products()
    {
        var (sellers, products) = WholesaleCatalog.Load(TestReferenceData.Current, 2_000, seed: 1);
        products.Count.ShouldBe(2_000);
        products.Select(p => p.ExternalId).Distinct().Count().ShouldBe(2_000);
        products.Select(p => p.Sku).Distinct().Count().ShouldBe(2_000);
        var sellerIds = sellers.Select(s => s.ExternalId).ToHashSet();
        foreach (var p in products)
        {
            p.Currency.ShouldBe("GBP");
            p.PriceMinor.ShouldBeGreaterThan(0);
            p.Name.ShouldNotBeNullOrWhiteSpace();
            p.CategoryPath.ShouldNotBeEmpty();
            sellerIds.ShouldContain(p.SellerExternalId);
            p.Stock.ShouldBeGreaterThanOrEqualTo(0);
            (p.Moq % p.CasePack).ShouldBe(0);
            p.Tiers.Count.ShouldBeInRange(1, 3);
            p.Tiers[0].ShouldBe((p.Moq, p.PriceMinor));
            for (var i = 1; i < p.Tiers.Count; i++)
            {
                p.Tiers[i].MinQuantity.ShouldBeGreaterThan(p.Tiers[i - 1].MinQuantity);
                p.Tiers[i].PriceMinor.ShouldBeLessThan(p.Tiers[i - 1].PriceMinor);
            }

            if (p.Rating is { } rating)
            {
                rating.ShouldBeInRange(0.5, 5.0);
            }
        }

        products.Count(p => p.Tiers.Count >= 2).ShouldBeGreaterThan(1_800);
    }

    [Fact]
    public void Takes_every_usable_row_when_asked_for_more()
    {
        // The reference sample has 10,000 rows, of which 1,435 have no price; the built-in generator makes 10,000.
        var expected = TestReferenceData.Current.ProductsAreBuiltIn ? BuiltInProducts.Count : 8_565;
        WholesaleCatalog.Load(TestReferenceData.Current, 100_000, seed: 1).Products.Count.ShouldBe(expected);
    }

    [Fact]
    public void Is_deterministic_per_seed()
    {
        var a = WholesaleCatalog.Load(TestReferenceData.Current, 500, seed: 4);
        var b = WholesaleCatalog.Load(TestReferenceData.Current, 500, seed: 4);
        b.Products.Select(p => p.ExternalId).ShouldBe(a.Products.Select(p => p.ExternalId));
        b.Products.Select(p => p.Tiers).ShouldBe(a.Products.Select(p => p.Tiers));
        b.Sellers.ShouldBe(a.Sellers);
        WholesaleCatalog.Load(TestReferenceData.Current, 500, seed: 5).Products.Select(p => p.ExternalId)
            .ShouldNotBe(a.Products.Select(p => p.ExternalId));
    }

    [Fact]
    public void Big_brands_are_manufacturers_and_the_rest_sit_under_about_twenty_distributors()
    {
        var (sellers, products) = WholesaleCatalog.Load(TestReferenceData.Current, 2_000, seed: 1);
        sellers.Select(s => s.ExternalId).Distinct().Count().ShouldBe(sellers.Count);
        sellers.Count(s => s.Kind == "distributor").ShouldBeInRange(15, 20);
        var biggest = products.Where(p => p.Brand != ProductSamples.Unbranded).CountBy(p => p.Brand).MaxBy(p => p.Value).Key;
        var maker = sellers.Single(s => s.Name == biggest);
        maker.Kind.ShouldBe("manufacturer");
        products.Where(p => p.Brand == biggest).ShouldAllBe(p => p.SellerExternalId == maker.ExternalId);
        var cities = BuiltInCities.All.ToDictionary(c => (c.Country, c.PostalCode));
        foreach (var s in sellers)
        {
            s.Kind.ShouldBeOneOf("manufacturer", "distributor");
            var city = cities[(s.Country, s.Zip)];
            (s.Latitude, s.Longitude).ShouldBe((city.Latitude, city.Longitude));
        }

        sellers.Select(s => s.Country).Distinct().Count().ShouldBeGreaterThan(2);
    }

    [SkippableFact]
    public void Real_rows_keep_their_source_values()
    {
        Skip.If(TestReferenceData.Current.ProductsAreBuiltIn, "the tests run on the built-in fallback (no reference folder)");
        var hornby = WholesaleCatalog.Load(TestReferenceData.Current, 100_000, seed: 1).Products.Single(p => p.ExternalId == "eac7efa5dbd3d667f26eb3d3ab504464");
        hornby.Name.ShouldBe("Hornby 2014 Catalogue");
        hornby.Brand.ShouldBe("Hornby");
        hornby.PriceMinor.ShouldBe(342);
        hornby.CategoryPath.ShouldBe(["Hobbies", "Model Trains & Railway Sets", "Rail Vehicles", "Trains"]);
        hornby.Rating.ShouldBe(4.9);
        hornby.Reviews.ShouldBe(15);
    }

    [Fact]
    public void The_built_in_catalogue_is_our_own_words_repeatable_and_long_tailed()
    {
        var first = ReferenceDataSet.FallbackProducts.Rows;
        var again = BuiltInProducts.Generate().Rows;
        again.Select(p => (p.Id, p.Name, p.PriceMinor)).ShouldBe(first.Select(p => (p.Id, p.Name, p.PriceMinor)));
        first.Count.ShouldBe(BuiltInProducts.Count);
        first.Select(p => p.Id).Distinct().Count().ShouldBe(first.Count);
        first.ShouldAllBe(p => p.Id.Length == 32 && p.PriceMinor > 0 && p.CategoryPath.Length == 3 && p.Currency == "GBP");
        first.Select(p => p.CategoryPath[0]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8);
        var perBrand = first.Where(p => p.Brand != ProductSamples.Unbranded).CountBy(p => p.Brand).Select(p => p.Value).Order().ToArray();
        perBrand[^1].ShouldBeGreaterThan(100); // a few large makers
        perBrand.Count(n => n < 10).ShouldBeGreaterThan(perBrand.Length / 4); // and many small ones
    }

    [Theory]
    [InlineData("3.42", 342)]
    [InlineData("£3.42", 342)]
    [InlineData("£3.42 - £5.00", 342)]
    [InlineData(" £1,234.50 ", 123_450)]
    [InlineData("16.99", 1_699)]
    public void Parses_prices_to_pence(string text, long pence)
    {
        ProductSamples.TryParsePrice(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(pence);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("£")]
    [InlineData("free")]
    [InlineData("0.00")]
    public void Rejects_unusable_prices(string text)
    {
        ProductSamples.TryParsePrice(text, out _).ShouldBeFalse();
    }
}
