using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Demo;

/// <summary>The configured postal codes (the reference folder's ZIP file, or the built-in cities) and the built-in table itself.</summary>
public sealed class PostalCodesTests
{
    private static PostalCodes Zips => TestReferenceData.Current.PostalCodes;

    private static PostalCodes BuiltIn => ReferenceDataSet.FallbackPostalCodes;

    [SkippableFact]
    public void A_reference_folder_gives_every_us_zip_centroid()
    {
        Skip.If(TestReferenceData.Current.PostalCodesAreBuiltIn, "the tests run on the built-in fallback (no reference folder)");
        Zips.Count.ShouldBeGreaterThan(40_000);
        Zips.TryGet("00501", out _, out _).ShouldBeTrue();
    }

    [Fact]
    public void Keeps_leading_zeros()
    {
        Zips.TryGet("02134", out var latitude, out var longitude).ShouldBeTrue();
        latitude.ShouldBe(42.36, 0.05);
        longitude.ShouldBe(-71.1, 0.05);
        Zips.TryGet("02108", out _, out _).ShouldBeTrue();
    }

    [Fact]
    public void Accepts_zip_plus_four()
    {
        Zips.TryGet("02134-1234", out var latitude, out _).ShouldBeTrue();
        Zips.TryGet("02134", out var plain, out _);
        latitude.ShouldBe(plain);
    }

    [Theory]
    [InlineData("2134")]
    [InlineData("021345")]
    [InlineData("02134-12")]
    [InlineData("ABCDE")]
    [InlineData("")]
    [InlineData("00000")]
    public void Rejects_malformed_or_unknown_zips(string zip)
    {
        Zips.TryGet(zip, out _, out _).ShouldBeFalse();
        BuiltIn.TryGet(zip, out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Every_indexed_zip_is_five_digits_and_resolves()
    {
        for (var i = 0; i < Zips.Count; i += Zips.Count > 1_000 ? 97 : 1)
        {
            var zip = Zips[i];
            zip.Length.ShouldBe(5);
            Zips.TryGet(zip, out var latitude, out var longitude).ShouldBeTrue();
            latitude.ShouldBeInRange(-15, 72);
            longitude.ShouldBeInRange(-180, 180);
        }
    }

    [Fact]
    public void The_built_in_table_resolves_each_us_city_and_the_zips_of_its_prefixes_to_its_centre()
    {
        var cities = BuiltInCities.All.Where(c => c.Country == "US").ToArray();
        BuiltIn.Count.ShouldBe(cities.Length);
        cities.Length.ShouldBeGreaterThan(50);
        foreach (var city in cities)
        {
            BuiltIn.TryGet(city.PostalCode, out var latitude, out var longitude).ShouldBeTrue(city.Name);
            (latitude, longitude).ShouldBe((city.Latitude, city.Longitude));
            city.PostalCode[..3].ShouldBeOneOf(city.PostalPrefixes);
        }

        BuiltIn.TryGet("10013", out var nyLat, out var nyLng).ShouldBeTrue(); // Manhattan, not a representative ZIP
        (nyLat, nyLng).ShouldBe((40.7128, -74.0060));
        BuiltIn.TryGet("80202-1234", out var denver, out _).ShouldBeTrue();
        denver.ShouldBe(39.7392);
        BuiltIn.TryGet("59001", out _, out _).ShouldBeFalse(); // rural Montana: no city of the table
    }

    [Fact]
    public void The_zips_the_tests_and_the_demo_use_resolve_on_either_source()
    {
        foreach (var zip in new[] { "10001", "02134", "80202", "75201", "94107", "98104", "27701", "90015", "60607" })
        {
            Zips.TryGet(zip, out _, out _).ShouldBeTrue(zip);
            BuiltIn.TryGet(zip, out _, out _).ShouldBeTrue(zip);
        }
    }

    [Fact]
    public void Built_in_cities_cover_five_countries_with_real_coordinates()
    {
        var byCountry = BuiltInCities.All.GroupBy(c => c.Country).ToDictionary(g => g.Key, g => g.Count());
        byCountry.Keys.Order().ShouldBe(["CA", "DE", "GB", "IN", "US"]);
        byCountry.Values.ShouldAllBe(count => count >= 10);
        BuiltInCities.All.Select(c => (c.Country, c.Name)).Distinct().Count().ShouldBe(BuiltInCities.All.Count);
        foreach (var city in BuiltInCities.All)
        {
            city.PostalPrefixes.ShouldNotBeEmpty();
            city.PostalPrefixes.ShouldContain(p => city.PostalCode.StartsWith(p, StringComparison.Ordinal), city.Name);
        }

        var london = BuiltInCities.All.Single(c => c.Name == "London");
        london.Latitude.ShouldBe(51.5, 0.1);
        london.Longitude.ShouldBe(-0.13, 0.1);
        BuiltInCities.All.Single(c => c.Name == "Mumbai").Latitude.ShouldBe(19.08, 0.1);
    }
}
