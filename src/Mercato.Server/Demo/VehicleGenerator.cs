using System.Globalization;
using System.Runtime.CompilerServices;
using Mercato.Server.ReferenceData;
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

// Row i depends only on (reference data, seed, i, dealers, reference year): any prefix of a run equals a shorter run, and the
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

    public VehicleGenerator(ReferenceDataSet reference, int seed, int dealerCount, int referenceYear = 2026)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dealerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceYear, 1995);
        _seed = seed;
        _tables = new VehicleTables(reference.Vehicles, referenceYear);
        PostalCodes = reference.PostalCodes;
        var dealers = new DemoDealers(seed, dealerCount, _tables, reference.PostalCodes);
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

    /// <summary>Where the dealers' ZIPs come from; benchmarks draw shoppers' ZIPs from it too.</summary>
    public PostalCodes PostalCodes { get; }

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
