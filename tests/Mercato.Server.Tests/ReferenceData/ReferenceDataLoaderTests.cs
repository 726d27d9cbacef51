using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Mercato.Server.Tests.ReferenceData;

/// <summary>Reading a reference folder file by file: what is missing or malformed is named in the log and replaced by the built-in table.</summary>
public sealed class ReferenceDataLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mercato-reference-").FullName;
    private readonly LogCapture _log = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void No_folder_means_the_built_in_fallback_and_the_log_says_so()
    {
        var data = ReferenceDataLoader.Load(new ReferenceDataOptions(), _log);

        data.ShouldBeSameAs(ReferenceDataSet.BuiltIn);
        (data.VehiclesAreBuiltIn, data.PostalCodesAreBuiltIn, data.ProductsAreBuiltIn).ShouldBe((true, true, true));
        _log.Lines.ShouldHaveSingleItem().Message.ShouldContain("built-in fallback");
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_reported_and_the_fallback_used()
    {
        var missing = Path.Combine(_folder, "nowhere");
        var data = ReferenceDataLoader.Load(new ReferenceDataOptions { Folder = missing }, _log);

        data.ShouldBeSameAs(ReferenceDataSet.BuiltIn);
        var line = _log.Lines.ShouldHaveSingleItem();
        line.Level.ShouldBe(LogLevel.Warning);
        line.Message.ShouldContain(missing);
    }

    [Fact]
    public void Each_file_is_used_on_its_own_and_a_missing_one_falls_back()
    {
        Write(CarModels.FileName, "year,make,model,body_styles", "2020,Toyota,Camry,\"[\"\"Sedan\"\"]\"", "2021,Toyota,Camry,", "2021,Ford,F150,\"[\"\"Pickup\"\"]\"");
        Write(PostalCodes.FileName, "zipcode,latitude,longitude", "02134,42.355147,-71.13164", "99501,61.2,-149.9");

        var data = ReferenceDataLoader.Load(new ReferenceDataOptions { Folder = _folder }, _log);

        data.VehiclesAreBuiltIn.ShouldBeFalse();
        data.Vehicles.Models.Select(m => (m.Make, m.Name)).ShouldBe([("Toyota", "Camry"), ("Ford", "F150")], ignoreOrder: true);
        data.Vehicles.Models.Single(m => m.Name == "Camry").BodiesByYear[2021].ShouldBe(["Sedan"]); // borrowed from 2020
        data.PostalCodesAreBuiltIn.ShouldBeFalse();
        data.PostalCodes.Count.ShouldBe(2);
        data.PostalCodes.TryGet("10001", out _, out _).ShouldBeFalse(); // the file's ZIPs only, no city prefixes
        data.ProductsAreBuiltIn.ShouldBeTrue();

        var messages = _log.Lines.Select(l => l.Message).ToArray();
        messages.ShouldContain(m => m.Contains(Path.Combine(_folder, CarModels.FileName)) && m.Contains("(3 rows)"));
        messages.ShouldContain(m => m.Contains(Path.Combine(_folder, PostalCodes.FileName)) && m.Contains("(2 rows)"));
        _log.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message.Contains(ProductSamples.FileName) && l.Message.Contains("built-in"));
    }

    [Theory]
    [InlineData("us_zipcodes.csv", "zipcode,latitude,longitude\n02134,42.35,-71.13\n0213,42.35,-71.13\n", 3, "not a five-digit ZIP")]
    [InlineData("us_zipcodes.csv", "zipcode,latitude,longitude\n02134,42.35,-71.13\n10001,north,-73.99\n", 3, "decimal degrees")]
    [InlineData("us_zipcodes.csv", "zip;lat;lon\n02134;42.35;-71.13\n", 1, "header")]
    [InlineData("us_car_models.csv", "year,make,model,body_styles\n2020,Toyota,Camry,[]\n2020,Honda,Civic,[Sedan]\n", 3, "JSON array")]
    [InlineData("us_car_models.csv", "year,make,model,body_styles\n2020,Toyota,Camry,[]\ntwenty,Honda,Civic,[]\n", 3, "not a model year")]
    [InlineData("amazon_uk_products.csv", "a1,\"Tea towel,\nlinen\",Home > Kitchen,Acme,£3.42,5 new,1,0,4.5\nb2,Mug,Home,Acme,£2.00\n", 3, "expected 9 fields")]
    public void A_malformed_file_is_named_with_its_line_and_its_data_comes_from_the_fallback(string file, string text, int line, string reason)
    {
        File.WriteAllText(Path.Combine(_folder, file), text);

        var data = ReferenceDataLoader.Load(new ReferenceDataOptions { Folder = _folder }, _log);

        var warning = _log.Lines.Single(l => l.Message.Contains(file) && l.Level == LogLevel.Warning).Message;
        warning.ShouldContain($"{Path.Combine(_folder, file)} line {line}: ");
        warning.ShouldContain(reason);
        warning.ShouldContain("built-in fallback");
        (file switch
        {
            CarModels.FileName => data.VehiclesAreBuiltIn,
            PostalCodes.FileName => data.PostalCodesAreBuiltIn,
            _ => data.ProductsAreBuiltIn,
        }).ShouldBeTrue();
    }

    [Fact]
    public void Product_rows_without_a_usable_price_are_skipped_not_errors()
    {
        Write(ProductSamples.FileName, "a1,Mug,Home > Kitchen,Acme,£2.50 - £3.00,3 new,4,1,4.5", "b2,Plate,Home,Acme,,,,,", "c3,Bowl,,,£1.20,,0,0,");

        var data = ReferenceDataLoader.Load(new ReferenceDataOptions { Folder = _folder }, _log);

        data.ProductsAreBuiltIn.ShouldBeFalse();
        data.Products.Rows.Select(r => (r.Id, r.PriceMinor, r.Brand)).ShouldBe([("a1", 250L, "Acme"), ("c3", 120L, ProductSamples.Unbranded)]);
        data.Products.Rows[1].CategoryPath.ShouldBe([ProductSamples.Uncategorized]);
    }

    private void Write(string file, params string[] lines) => File.WriteAllLines(Path.Combine(_folder, file), lines);
}
