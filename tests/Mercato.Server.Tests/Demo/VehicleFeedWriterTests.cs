using System.Text.Json;
using Mercato.Server.Demo;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Demo;

public sealed class VehicleFeedWriterTests
{
    private static readonly GeneratedDealer Dealer = new("D000007", "Smith, Jones & \"Sons\" Motors", "dealer", "02134", 42.35, -71.13);

    private static GeneratedVehicle Vehicle(long priceMinor = 1_899_000) => new(
        "V00000001", Dealer, "1HGCM82633A004352", 2019, "Honda", "Accord", "EX-L", "Sedan", "gasoline", "cvt", "fwd",
        "silver", "used", 54_210, priceMinor, "USD", "2019 Honda Accord EX-L",
        "Used 2019 Honda Accord EX-L sedan, \"clean\".\nOne owner.");

    [Fact]
    public void Csv_header_is_exact()
    {
        var w = new StringWriter();
        VehicleFeedWriter.WriteCsv(w, []);
        w.ToString().ShouldBe(
            "external_id,dealer_id,dealer_name,zip,vin,year,make,model,trim,body,fuel,transmission,drivetrain,"
            + "exterior_color,condition,mileage,price,currency,title,description\r\n");
    }

    [Fact]
    public void Csv_quotes_commas_quotes_and_line_breaks_and_keeps_leading_zeros()
    {
        var w = new StringWriter();
        VehicleFeedWriter.WriteCsv(w, [Vehicle()]);
        var line = w.ToString().Split("\r\n")[1];
        line.ShouldBe(
            "V00000001,D000007,\"Smith, Jones & \"\"Sons\"\" Motors\",02134,1HGCM82633A004352,2019,Honda,Accord,EX-L,Sedan,"
            + "gasoline,cvt,fwd,silver,used,54210,18990,USD,2019 Honda Accord EX-L,"
            + "\"Used 2019 Honda Accord EX-L sedan, \"\"clean\"\".\nOne owner.\"");
    }

    [Fact]
    public void Csv_round_trips_through_the_reader()
    {
        var w = new StringWriter();
        VehicleFeedWriter.WriteCsv(w, [Vehicle(), .. new VehicleGenerator(TestReferenceData.Current, 2, 3).Generate(50)]);
        var records = CsvRecords.Read(new StringReader(w.ToString())).ToArray();
        records.Length.ShouldBe(52);
        records.ShouldAllBe(r => r.Length == 20);
        records[1][2].ShouldBe(Dealer.Name);
        records[1][19].ShouldBe(Vehicle().Description);
    }

    [Fact]
    public void Price_keeps_cents_when_there_are_any()
    {
        var w = new StringWriter();
        VehicleFeedWriter.WriteCsv(w, [Vehicle(1_899_050)]);
        w.ToString().ShouldContain(",18990.5,USD,");
    }

    [Fact]
    public void Json_lines_have_the_csv_keys_and_numbers_as_numbers()
    {
        var w = new StringWriter();
        VehicleFeedWriter.WriteJsonLines(w, [Vehicle(), Vehicle()]);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(VehicleFeedWriter.CsvHeader.Split(','));
        root.GetProperty("year").GetInt32().ShouldBe(2019);
        root.GetProperty("mileage").GetInt32().ShouldBe(54_210);
        root.GetProperty("price").GetDecimal().ShouldBe(18_990m);
        root.GetProperty("zip").GetString().ShouldBe("02134");
        root.GetProperty("dealer_name").GetString().ShouldBe(Dealer.Name);
        root.GetProperty("description").GetString().ShouldBe(Vehicle().Description);
    }
}
