namespace Mercato.Server.ReferenceData;

/// <summary>
/// The reference data this process uses, loaded once at start (<see cref="ReferenceDataLoader"/>): vehicle models,
/// US postal codes and product samples, each from the reference folder or the built-in fallback, and the built-in
/// cities. Immutable, so one instance serves every request.
/// </summary>
internal sealed class ReferenceDataSet(CarModels vehicles, PostalCodes postalCodes, ProductSamples products)
{
    /// <summary>The source name of data that came from our own tables.</summary>
    public const string BuiltInSource = "built-in";

    private static readonly Lazy<CarModels> s_builtInVehicles = new(BuiltInVehicles.Load);
    private static readonly Lazy<PostalCodes> s_builtInPostalCodes = new(() => PostalCodes.FromCities(BuiltInCities.All));
    private static readonly Lazy<ProductSamples> s_builtInProducts = new(BuiltInProducts.Generate);
    private static readonly Lazy<ReferenceDataSet> s_builtIn = new(() => new ReferenceDataSet(
        s_builtInVehicles.Value, s_builtInPostalCodes.Value, s_builtInProducts.Value));

    /// <summary>Everything from the built-in tables: what a fresh clone runs on.</summary>
    public static ReferenceDataSet BuiltIn => s_builtIn.Value;

    public static CarModels FallbackVehicles => s_builtInVehicles.Value;

    public static PostalCodes FallbackPostalCodes => s_builtInPostalCodes.Value;

    public static ProductSamples FallbackProducts => s_builtInProducts.Value;

    public CarModels Vehicles { get; } = vehicles;

    public PostalCodes PostalCodes { get; } = postalCodes;

    public ProductSamples Products { get; } = products;

    /// <summary>Cities with coordinates in five countries; always the built-in table.</summary>
    public IReadOnlyList<City> Cities { get; } = BuiltInCities.All;

    public bool VehiclesAreBuiltIn => ReferenceEquals(Vehicles, s_builtInVehicles.Value);

    public bool PostalCodesAreBuiltIn => ReferenceEquals(PostalCodes, s_builtInPostalCodes.Value);

    public bool ProductsAreBuiltIn => ReferenceEquals(Products, s_builtInProducts.Value);
}
