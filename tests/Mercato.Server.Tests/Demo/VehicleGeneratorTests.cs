using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Demo;

public sealed class VehicleGeneratorTests
{
    private const int Many = 100_000;

    // Shared across tests: generating 100k rows once keeps the suite fast.
    private static readonly Lazy<GeneratedVehicle[]> s_many = new(() =>
        [.. new VehicleGenerator(TestReferenceData.Current, seed: 11, VehicleGenerator.DealerCountFor(Many)).Generate(Many)]);

    private static GeneratedVehicle[] ManyRows => s_many.Value;

    [Fact]
    public void Same_seed_gives_the_same_rows()
    {
        var first = new VehicleGenerator(TestReferenceData.Current, 5, 20).Generate(1_000).ToArray();
        var second = new VehicleGenerator(TestReferenceData.Current, 5, 20).Generate(1_000).ToArray();
        second.ShouldBe(first);
    }

    [Fact]
    public void A_longer_run_starts_with_the_shorter_run()
    {
        var shortRun = new VehicleGenerator(TestReferenceData.Current, 5, 20).Generate(200).ToArray();
        new VehicleGenerator(TestReferenceData.Current, 5, 20).Generate(1_000).Take(200).ToArray().ShouldBe(shortRun);
    }

    [Fact]
    public void Different_seeds_give_different_rows()
    {
        var a = new VehicleGenerator(TestReferenceData.Current, 5, 20).Generate(1_000).Select(v => v.Vin).ToArray();
        var b = new VehicleGenerator(TestReferenceData.Current, 6, 20).Generate(1_000).Select(v => v.Vin).ToArray();
        a.Intersect(b).Count().ShouldBeLessThan(10);
    }

    [Fact]
    public void Dealer_count_is_about_one_per_67_vehicles()
    {
        VehicleGenerator.DealerCountFor(0).ShouldBe(1);
        VehicleGenerator.DealerCountFor(10).ShouldBe(1);
        VehicleGenerator.DealerCountFor(3_000_000).ShouldBeInRange(44_000, 45_500);
        new VehicleGenerator(TestReferenceData.Current, 1, 250).Dealers.Count.ShouldBe(250);
    }

    [Fact]
    public void Dealers_have_unique_ids_real_zips_and_names()
    {
        var dealers = new VehicleGenerator(TestReferenceData.Current, 3, 500).Dealers;
        dealers.Select(d => d.ExternalId).Distinct().Count().ShouldBe(500);
        dealers[0].ExternalId.ShouldBe("D000001");
        foreach (var d in dealers)
        {
            d.ExternalId.ShouldMatch("^D[0-9]{6}$");
            d.Kind.ShouldBe("dealer");
            d.Name.ShouldNotBeNullOrWhiteSpace();
            TestReferenceData.Current.PostalCodes.TryGet(d.Zip, out var latitude, out var longitude).ShouldBeTrue();
            (latitude, longitude).ShouldBe((d.Latitude, d.Longitude));
        }
    }

    [Fact]
    public void Vins_and_ids_are_unique_and_every_vin_is_valid()
    {
        var rows = ManyRows;
        rows.Select(v => v.Vin).Distinct(StringComparer.Ordinal).Count().ShouldBe(Many);
        rows.Select(v => v.ExternalId).Distinct(StringComparer.Ordinal).Count().ShouldBe(Many);
        rows[0].ExternalId.ShouldBe("V00000001");
        rows.Count(v => !Vin.TryValidate(v.Vin, out _)).ShouldBe(0);
    }

    [Fact]
    public void Vin_encodes_the_model_year()
    {
        foreach (var v in ManyRows.Take(2_000))
        {
            v.Vin[9].ShouldBe(VehicleTables.VinYearCode(v.Year));
        }

        VehicleTables.VinYearCode(2010).ShouldBe('A');
        VehicleTables.VinYearCode(2026).ShouldBe('T');
        VehicleTables.VinYearCode(2001).ShouldBe('1');
    }

    [Fact]
    public void A_few_makes_dominate()
    {
        var top5 = ManyRows.GroupBy(v => v.Make).Select(g => g.Count()).OrderDescending().Take(5).Sum();
        ((double)top5 / Many).ShouldBeGreaterThan(0.40);
        var counts = ManyRows.GroupBy(v => v.Make).ToDictionary(g => g.Key, g => g.Count());
        counts["Toyota"].ShouldBeGreaterThan(counts.GetValueOrDefault("Porsche") * 10);
    }

    [Fact]
    public void Years_skew_to_the_last_decade_and_never_pass_the_reference_year()
    {
        ManyRows.Max(v => v.Year).ShouldBeLessThanOrEqualTo(2026);
        ((double)ManyRows.Count(v => v.Year >= 2017) / Many).ShouldBeGreaterThan(0.6);
        new VehicleGenerator(TestReferenceData.Current, 1, 5, referenceYear: 2015).Generate(2_000).Max(v => v.Year).ShouldBeLessThanOrEqualTo(2015);
    }

    [Fact]
    public void Mileage_grows_with_age_and_new_cars_have_almost_none()
    {
        var rows = ManyRows;
        rows.Where(v => v.Condition == "new").ShouldAllBe(v => v.Mileage <= 50);
        rows.Where(v => v.Condition == "new").ShouldAllBe(v => v.Year >= 2025);
        double MedianMiles(int year) =>
            rows.Where(v => v.Year == year && v.Condition != "new").Select(v => (double)v.Mileage).Order().ElementAt(
                rows.Count(v => v.Year == year && v.Condition != "new") / 2);
        MedianMiles(2023).ShouldBeGreaterThan(MedianMiles(2025));
        MedianMiles(2018).ShouldBeGreaterThan(MedianMiles(2023));
        MedianMiles(2012).ShouldBeGreaterThan(MedianMiles(2018));
        MedianMiles(2018).ShouldBeInRange(60_000, 140_000);
    }

    [Fact]
    public void Prices_are_positive_plausible_and_end_in_90()
    {
        foreach (var v in ManyRows)
        {
            v.Currency.ShouldBe("USD");
            v.PriceMinor.ShouldBeInRange(1_000_00, 1_500_000_00);
            (v.PriceMinor / 100 % 100).ShouldBe(90);
        }

        long Median(string condition) =>
            ManyRows.Where(v => v.Condition == condition).Select(v => v.PriceMinor).Order().ElementAt(
                ManyRows.Count(v => v.Condition == condition) / 2);
        Median("new").ShouldBeInRange(30_000_00, 70_000_00);
        Median("used").ShouldBeLessThan(Median("new"));
    }

    [Fact]
    public void Values_come_from_the_documented_vocabularies()
    {
        foreach (var v in ManyRows)
        {
            v.Condition.ShouldBeOneOf("new", "used", "certified");
            v.Fuel.ShouldBeOneOf("gasoline", "hybrid", "plug_in_hybrid", "electric", "diesel");
            v.Transmission.ShouldBeOneOf("automatic", "manual", "cvt");
            v.Drivetrain.ShouldBeOneOf("fwd", "rwd", "awd", "4wd");
            v.Body.ShouldBeOneOf("Sedan", "SUV", "Pickup", "Coupe", "Convertible", "Hatchback", "Wagon", "Minivan", "Van");
            v.Title.ShouldBe($"{v.Year} {v.Make} {v.Model} {v.Trim}");
            v.Description.ShouldContain(v.Title);
        }

        ManyRows.Where(v => v.Make == "Tesla").ShouldAllBe(v => v.Fuel == "electric");
        ((double)ManyRows.Count(v => v.Fuel == "gasoline") / Many).ShouldBeGreaterThan(0.6);
        ManyRows.GroupBy(v => v.ExteriorColor).OrderByDescending(g => g.Count()).First().Key.ShouldBe("white");
    }

    [Fact]
    public void Refuses_more_vehicles_than_it_has_unique_vins_for()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new VehicleGenerator(TestReferenceData.Current, 1, 1).Generate(VehicleGenerator.MaxVehicles + 1));
    }
}
