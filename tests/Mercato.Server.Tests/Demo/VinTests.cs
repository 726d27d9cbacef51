using Mercato.Server.Catalog;

namespace Mercato.Server.Tests.Demo;

public sealed class VinTests
{
    [Theory]
    [InlineData("1HGCM82633A004352")]
    [InlineData("11111111111111111")]
    [InlineData("1M8GDM9AXKP042788")]
    public void Accepts_real_vins(string vin)
    {
        Vin.TryValidate(vin, out var error).ShouldBeTrue();
        error.ShouldBeNull();
    }

    [Fact]
    public void Changing_one_character_breaks_the_check_digit()
    {
        Vin.TryValidate("1HGCM82633A004353", out var error).ShouldBeFalse();
        error.ShouldBe("check digit is 3, expected 5");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1HGCM82633A00435")]
    [InlineData("1HGCM82633A0043520")]
    public void Rejects_wrong_length(string? vin)
    {
        Vin.TryValidate(vin, out var error).ShouldBeFalse();
        error.ShouldBe("must be 17 characters");
    }

    [Theory]
    [InlineData("1HGCM82633A0O4352")]
    [InlineData("IHGCM82633A004352")]
    [InlineData("1HGCM82633Q004352")]
    public void Rejects_i_o_and_q(string vin)
    {
        Vin.TryValidate(vin, out var error).ShouldBeFalse();
        error.ShouldBe("contains I, O or Q");
    }

    [Fact]
    public void Rejects_lower_case_and_symbols()
    {
        Vin.TryValidate("1hgcm82633a004352", out _).ShouldBeFalse();
        Vin.TryValidate("1HGCM82633A00435-", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1HGCM82633A004352", '3')]
    [InlineData("11111111111111111", '1')]
    [InlineData("1M8GDM9AXKP042788", 'X')]
    public void Computes_the_check_digit_ignoring_position_nine(string vin, char expected)
    {
        Vin.ComputeCheckDigit(vin).ShouldBe(expected);
        Vin.ComputeCheckDigit(string.Concat(vin.AsSpan(0, 8), "0", vin.AsSpan(9))).ShouldBe(expected);
    }

    [Fact]
    public void Check_digit_needs_seventeen_valid_characters()
    {
        Should.Throw<ArgumentException>(() => Vin.ComputeCheckDigit("1HGCM8263"));
        Should.Throw<ArgumentException>(() => Vin.ComputeCheckDigit("1HGCM82633A00435!"));
    }
}
