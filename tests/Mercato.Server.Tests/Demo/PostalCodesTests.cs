using Mercato.Server.Sellers;

namespace Mercato.Server.Tests.Demo;

public sealed class PostalCodesTests
{
    private static readonly PostalCodes Zips = PostalCodes.UnitedStates;

    [Fact]
    public void Loads_all_us_zip_centroids()
    {
        Zips.Count.ShouldBeGreaterThan(40_000);
    }

    [Fact]
    public void Keeps_leading_zeros()
    {
        Zips.TryGet("02134", out var latitude, out var longitude).ShouldBeTrue();
        latitude.ShouldBe(42.35, 0.05);
        longitude.ShouldBe(-71.13, 0.05);
        Zips.TryGet("00501", out _, out _).ShouldBeTrue();
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
    }

    [Fact]
    public void Every_indexed_zip_is_five_digits_and_resolves()
    {
        for (var i = 0; i < Zips.Count; i += 97)
        {
            var zip = Zips[i];
            zip.Length.ShouldBe(5);
            Zips.TryGet(zip, out var latitude, out var longitude).ShouldBeTrue();
            latitude.ShouldBeInRange(-15, 72);
            longitude.ShouldBeInRange(-180, 180);
        }
    }
}
