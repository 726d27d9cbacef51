using static Mercato.Server.Demo.VehicleVocabulary;

namespace Mercato.Server.Demo;

// How one row's condition, mileage, powertrain and price are drawn.
internal sealed partial class VehicleGenerator
{
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
}
