namespace Mercato.Server.ReferenceData;

/// <summary>
/// Where third-party reference data is read from at start: a folder holding <c>us_car_models.csv</c>,
/// <c>us_zipcodes.csv</c> and <c>amazon_uk_products.csv</c> (formats in docs/reference-data.md). Without one,
/// or for a file that is missing or malformed, the built-in tables are used.
/// </summary>
internal sealed class ReferenceDataOptions
{
    /// <summary>The configuration key (<c>--Mercato:ReferenceData=DIR</c>, appsettings, <c>Mercato__ReferenceData</c>).</summary>
    public const string Key = "Mercato:ReferenceData";

    public const string Variable = "MERCATO_REFERENCE_DATA";

    /// <summary>The folder, or null for the built-in fallback.</summary>
    public string? Folder { get; set; }

    // The setting wins over the variable even when empty, so "no folder" can be asked for where the variable is set.
    public static ReferenceDataOptions FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[Key] ?? Environment.GetEnvironmentVariable(Variable);
        return new ReferenceDataOptions { Folder = string.IsNullOrWhiteSpace(value) ? null : value.Trim() };
    }
}
