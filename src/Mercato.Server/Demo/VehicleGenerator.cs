using System.Globalization;
using System.Runtime.CompilerServices;
using static Mercato.Server.Demo.VehicleVocabulary;

namespace Mercato.Server.Demo;

internal sealed record GeneratedDealer(string ExternalId, string Name, string Kind, string Zip, double Latitude, double Longitude);

internal sealed record GeneratedVehicle(
    string ExternalId,
    GeneratedDealer Dealer,
    string Vin,
    int Year,
    string Make,
    string Model,
    string Trim,
    string Body,
    string Fuel,
    string Transmission,
    string Drivetrain,
    string ExteriorColor,
    string Condition,
    int Mileage,
    long PriceMinor,
    string Currency,
    string Title,
    string Description);

// Row i depends only on (seed, i, dealers, reference year): any prefix of a run equals a shorter run, and the
// stream holds no state beyond one row, so millions of rows cost constant memory.
internal sealed partial class VehicleGenerator
{
    private const double MilesPerYear = 12_000;

    private readonly int _seed;
    private readonly VehicleTables _tables;
    private readonly GeneratedDealer[] _dealers;
    private readonly int[][] _franchises;
    private readonly double[] _depreciation;
    private readonly bool[] _hybridMakers;
    private readonly double[] _cvtShare;

    public VehicleGenerator(int seed, int dealerCount, int referenceYear = 2026)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dealerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceYear, 1995);
        _seed = seed;
        _tables = new VehicleTables(CarModels.Default, referenceYear);
        var dealers = new DemoDealers(seed, dealerCount, _tables);
        _dealers = [.. dealers.Dealers];
        _franchises = dealers.FranchisesByMake;

        // Share of the new price left after each year: ~16% in year one, ~11% a year to year ten, ~7% after.
        _depreciation = new double[128];
        _depreciation[0] = 0.9;
        _depreciation[1] = 0.84;
        for (var age = 2; age < _depreciation.Length; age++)
        {
            _depreciation[age] = Math.Max(0.06, _depreciation[age - 1] * (age <= 10 ? 0.89 : 0.93));
        }

        var makes = CarMakes.All;
        _hybridMakers = [.. makes.Select(m => m.Name is "Toyota" or "Lexus" or "Honda" or "Ford" or "Hyundai" or "Kia")];
        _cvtShare = [.. makes.Select(m => m.Name switch
        {
            "Nissan" or "Subaru" or "Mitsubishi" => 0.85,
            "Honda" or "Toyota" or "Hyundai" or "Kia" or "Infiniti" => 0.35,
            _ => 0.0,
        })];
    }

    public IReadOnlyList<GeneratedDealer> Dealers => _dealers;

    public int ReferenceYear => _tables.ReferenceYear;

    public static int DealerCountFor(int vehicles) => Math.Max(1, (vehicles + 33) / 67);

    public IEnumerable<GeneratedVehicle> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxVehicles);
        return Rows(count);
    }

    private IEnumerable<GeneratedVehicle> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Row(i);
        }
    }

    internal GeneratedVehicle Row(int index)
    {
        var rng = DemoRandom.ForRow(_seed, index);
        var cell = rng.Pick(_tables.CellCumulative);
        var entry = _tables.Cells[cell][rng.Pick(_tables.CellModelCumulative[cell])];
        var make = entry.Make;
        var age = _tables.ReferenceYear - entry.Year;
        var body = entry.Bodies.Length == 1 ? entry.Bodies[0] : entry.Bodies[rng.Next(entry.Bodies.Length)];
        var trims = body == Pickup ? make.TruckTrims : make.Trims;
        var trimIndex = Math.Min(rng.Next(trims.Length), rng.Next(trims.Length)); // base trims sell most
        var trimLevel = trims.Length == 1 ? 0 : (double)trimIndex / (trims.Length - 1);

        var condition = Condition(ref rng, age, make.Premium);
        var mileage = condition == "new" ? rng.Next(3, 51) : UsedMileage(ref rng, age);
        if (condition == "certified" && mileage > 80_000)
        {
            condition = "used";
        }

        var diesel = entry.Fuel == FuelKind.Gasoline && rng.Chance(DieselChance(entry, body, make));
        var fuelKind = entry.Fuel == FuelKind.Gasoline && !diesel && age <= 4 && body != Pickup
            && _hybridMakers[entry.MakeIndex] && rng.Chance(0.10) ? FuelKind.Hybrid : entry.Fuel;
        var fuel = VehicleVocabulary.Fuel(fuelKind, diesel);
        var transmission = Transmission(ref rng, entry, body, age, fuelKind, diesel);
        var drivetrain = Drivetrain(ref rng, make.Drive, body, fuelKind);
        var color = Colors[rng.Pick(ColorCumulative)];
        var price = Price(ref rng, entry, body, trimLevel, fuelKind, diesel, condition, age, mileage);

        var franchises = _franchises[entry.MakeIndex];
        var dealer = condition != "used" && franchises.Length > 0
            ? _dealers[franchises[rng.Next(franchises.Length)]]
            : _dealers[rng.Next(_dealers.Length)];

        var trim = trims[trimIndex];
        var title = string.Concat(entry.TitlePrefix, " ", trim);
        var featureTier = (int)Math.Round(trimLevel * (Features.Length - 1)) - (age > 12 ? 1 : 0);
        var description = Describe(
            condition, title, body, color, mileage, fuel, transmission, drivetrain,
            Features[Math.Clamp(featureTier, 0, Features.Length - 1)],
            condition == "new" ? null : UsedNotes[rng.Next(UsedNotes.Length)],
            dealer);

        return new GeneratedVehicle(
            VehicleId(index), dealer, ComposeVin(entry, body, trimIndex, fuelKind, index), entry.Year, make.Name, entry.Model,
            trim, body, fuel, transmission, drivetrain, color, condition, mileage, price * 100, "USD", title, description);
    }

    private static string Condition(ref DemoRandom rng, int age, bool premium)
    {
        var x = rng.NextDouble();
        return age switch
        {
            0 => x < 0.88 ? "new" : x < 0.90 ? "certified" : "used",
            1 => x < 0.25 ? "new" : x < 0.45 ? "certified" : "used",
            <= 5 => x < (premium ? 0.35 : 0.20) ? "certified" : "used",
            _ => "used",
        };
    }

    private static int UsedMileage(ref DemoRandom rng, int age)
    {
        var years = age + 0.25 + (0.5 * rng.NextDouble());
        var annual = MilesPerYear * Math.Exp(0.35 * rng.NextGaussian()) * (age > 10 ? 0.85 : 1.0);
        return (int)Math.Clamp(years * annual, 250, 320_000);
    }

    private static double DieselChance(ModelYear entry, string body, CarMake make) =>
        make.Name == "Freightliner" || entry.Model.Contains("Sprinter", StringComparison.Ordinal) ? 0.8
        : entry.HeavyDuty && body is Pickup or Van ? 0.5
        : body == Pickup ? 0.04
        : make.Name == "Volkswagen" && entry.Year is >= 2009 and <= 2015 ? 0.1
        : 0;

    private string Transmission(ref DemoRandom rng, ModelYear entry, string body, int age, FuelKind fuel, bool diesel)
    {
        if (fuel == FuelKind.Electric)
        {
            return "automatic";
        }

        var manual = body switch
        {
            Coupe or Convertible => 0.15,
            Hatchback => 0.08,
            Sedan or Wagon => 0.03,
            Pickup => 0.02,
            _ => 0.005,
        } + (age > 15 ? 0.1 : 0);
        if (!diesel && fuel == FuelKind.Gasoline && rng.Chance(manual))
        {
            return "manual";
        }

        var cvt = fuel == FuelKind.Hybrid && entry.Make.Name is "Toyota" or "Lexus" or "Ford" ? 1.0
            : age <= 12 && body is not Pickup and not Van ? _cvtShare[entry.MakeIndex] : 0;
        return rng.Chance(cvt) ? "cvt" : "automatic";
    }

    private static string Drivetrain(ref DemoRandom rng, DriveBias bias, string body, FuelKind fuel)
    {
        var x = rng.NextDouble();
        if (body == Pickup)
        {
            return x < 0.65 ? "4wd" : "rwd";
        }

        if (body == Van)
        {
            return x < 0.8 ? "rwd" : "awd";
        }

        if (fuel == FuelKind.Electric)
        {
            return x < 0.6 ? "awd" : "rwd";
        }

        return (bias, body) switch
        {
            (DriveBias.FourByFour, _) => x < 0.7 ? "4wd" : "awd",
            (DriveBias.AllWheel, _) => x < 0.8 ? "awd" : "fwd",
            (_, Suv) => x < 0.55 ? "awd" : bias == DriveBias.Rear ? "rwd" : "fwd",
            (_, Minivan) => x < 0.15 ? "awd" : "fwd",
            (DriveBias.Rear, _) => x < 0.55 ? "rwd" : "awd",
            _ => x < 0.92 ? "fwd" : "awd",
        };
    }

    // Whole US dollars ending in 90 ($18,990): MSRP in model-year dollars, depreciated by age, adjusted by mileage.
    private long Price(
        ref DemoRandom rng, ModelYear entry, string body, double trimLevel, FuelKind fuel, bool diesel, string condition, int age, int mileage)
    {
        var bodyFactor = body switch
        {
            Hatchback => 0.9,
            Coupe => 1.1,
            Convertible => 1.25,
            Wagon => 1.05,
            Suv => 1.15,
            Pickup => 1.3,
            Minivan => 1.2,
            Van => 1.25,
            _ => 1.0,
        };
        var fuelFactor = diesel ? 1.08 : fuel switch
        {
            FuelKind.Electric => 1.15,
            FuelKind.PlugInHybrid => 1.12,
            FuelKind.Hybrid => 1.06,
            _ => 1.0,
        };
        var msrp = entry.Make.BaseMsrp * bodyFactor * entry.PriceFactor * (1 + (0.45 * trimLevel)) * fuelFactor
            * (entry.HeavyDuty ? 1.3 : 1.0) * Math.Max(0.5, 1 - (0.022 * age));

        double value;
        if (condition == "new")
        {
            value = msrp * (0.94 + (0.06 * rng.NextDouble()));
        }
        else
        {
            var expected = MilesPerYear * Math.Max(age, 0.5);
            var mileageFactor = Math.Clamp(1 - ((mileage - expected) / 200_000), 0.6, 1.12);
            value = msrp * _depreciation[Math.Min(age, _depreciation.Length - 1)] * mileageFactor
                * (condition == "certified" ? 1.04 : 1.0) * (0.93 + (0.14 * rng.NextDouble()));
        }

        return Math.Max(1_990, ((long)Math.Round(value / 100) * 100) - 10);
    }

    private static string Describe(
        string condition, string title, string body, string color, int mileage, string fuel, string transmission,
        string drivetrain, string features, string? note, GeneratedDealer dealer)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[512]);
        text.AppendLiteral(ConditionPhrase(condition));
        text.AppendLiteral(" ");
        text.AppendLiteral(title);
        text.AppendLiteral(" ");
        text.AppendLiteral(BodyPhrase(body));
        text.AppendLiteral(" in ");
        text.AppendLiteral(color);
        if (condition != "new")
        {
            text.AppendLiteral(" with ");
            text.AppendFormatted(mileage, "N0");
            text.AppendLiteral(" miles");
        }

        text.AppendLiteral(". ");
        text.AppendLiteral(FuelPhrase(fuel));
        if (fuel != "electric")
        {
            text.AppendLiteral(", ");
            text.AppendLiteral(TransmissionPhrase(transmission));
        }

        text.AppendLiteral(", ");
        text.AppendLiteral(DrivetrainPhrase(drivetrain));
        text.AppendLiteral(". ");
        text.AppendLiteral(features);
        if (note is not null)
        {
            text.AppendLiteral(" ");
            text.AppendLiteral(note);
        }

        text.AppendLiteral(" Offered by ");
        text.AppendLiteral(dealer.Name);
        text.AppendLiteral(", ZIP ");
        text.AppendLiteral(dealer.Zip);
        text.AppendLiteral(".");
        return text.ToStringAndClear();
    }

    private static string VehicleId(int index) => string.Create(9, index + 1, static (span, number) =>
    {
        span[0] = 'V';
        for (var i = span.Length - 1; i > 0; i--)
        {
            span[i] = (char)('0' + (number % 10));
            number /= 10;
        }
    });
}
