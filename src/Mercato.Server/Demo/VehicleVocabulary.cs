namespace Mercato.Server.Demo;

// The fixed words of a vehicle row. Tokens are lower-case (facet values); bodies are display names.
internal static class VehicleVocabulary
{
    public const string Sedan = "Sedan";
    public const string Suv = "SUV";
    public const string Pickup = "Pickup";
    public const string Coupe = "Coupe";
    public const string Convertible = "Convertible";
    public const string Hatchback = "Hatchback";
    public const string Wagon = "Wagon";
    public const string Minivan = "Minivan";
    public const string Van = "Van";

    // US paint popularity, percent (industry colour-popularity reports, rounded).
    public static readonly string[] Colors =
        ["white", "black", "gray", "silver", "blue", "red", "green", "brown", "beige", "orange", "yellow", "gold", "purple"];

    public static readonly double[] ColorCumulative =
        DemoRandom.Cumulative([25, 21, 19, 10, 10, 9, 2, 1.5, 1, 0.8, 0.4, 0.4, 0.2]);

    public static string Body(string sourceBody, string model) => sourceBody switch
    {
        "Sedan" => Sedan,
        "SUV" => Suv,
        "Pickup" => Pickup,
        "Coupe" => Coupe,
        "Convertible" => Convertible,
        "Hatchback" => Hatchback,
        "Wagon" => Wagon,
        "Van/Minivan" => IsCargoOrPassengerVan(model) ? Van : Minivan,
        _ => Suv,
    };

    public static string Fuel(FuelKind kind, bool diesel) => diesel ? "diesel" : kind switch
    {
        FuelKind.Hybrid => "hybrid",
        FuelKind.PlugInHybrid => "plug_in_hybrid",
        FuelKind.Electric => "electric",
        _ => "gasoline",
    };

    public static string FuelPhrase(string fuel) => fuel switch
    {
        "diesel" => "Diesel engine",
        "hybrid" => "Hybrid powertrain",
        "plug_in_hybrid" => "Plug-in hybrid powertrain",
        "electric" => "All-electric",
        _ => "Gasoline engine",
    };

    public static string TransmissionPhrase(string transmission) => transmission switch
    {
        "manual" => "manual transmission",
        "cvt" => "CVT",
        _ => "automatic transmission",
    };

    public static string DrivetrainPhrase(string drivetrain) => drivetrain switch
    {
        "fwd" => "front-wheel drive",
        "rwd" => "rear-wheel drive",
        "awd" => "all-wheel drive",
        _ => "four-wheel drive",
    };

    public static string BodyPhrase(string body) => body switch
    {
        Sedan => "sedan",
        Suv => "SUV",
        Pickup => "pickup",
        Coupe => "coupe",
        Convertible => "convertible",
        Hatchback => "hatchback",
        Wagon => "wagon",
        Minivan => "minivan",
        _ => "van",
    };

    public static string ConditionPhrase(string condition) => condition switch
    {
        "new" => "New",
        "certified" => "Certified pre-owned",
        _ => "Used",
    };

    // Features by trim level, low to high; plain text, no marketing superlatives.
    public static readonly string[] Features =
    [
        "Backup camera, Bluetooth and cruise control.",
        "Apple CarPlay, Android Auto and a backup camera.",
        "Heated seats, blind-spot monitoring and adaptive cruise control.",
        "Leather seats, navigation, sunroof and a premium audio system.",
        "Fully loaded: leather, panoramic roof, 360-degree camera and driver assistance package.",
    ];

    public static readonly string[] UsedNotes =
    [
        "One owner, clean history report.",
        "Clean title, service records available.",
        "Recently serviced with new tires.",
        "Non-smoker vehicle, two keys.",
        "Sold as-is.",
        "Inspected and detailed.",
    ];

    private static bool IsCargoOrPassengerVan(string model) =>
        model.Contains("Van", StringComparison.Ordinal) || model.Contains("Cargo", StringComparison.Ordinal)
        || model.Contains("Passenger", StringComparison.Ordinal) || model.Contains("Sprinter", StringComparison.Ordinal)
        || model.Contains("Transit", StringComparison.Ordinal) || model.Contains("Express", StringComparison.Ordinal)
        || model.Contains("Savana", StringComparison.Ordinal) || model.Contains("ProMaster", StringComparison.Ordinal)
        || model.Contains("Econoline", StringComparison.Ordinal) || model.StartsWith("E-", StringComparison.Ordinal)
        || model.StartsWith("NV", StringComparison.Ordinal) || model.Contains("G-Series", StringComparison.Ordinal);
}
