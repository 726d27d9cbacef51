using Mercato.Search;
using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.ReferenceData;

namespace Mercato.Bench.Search;

/// <summary>One generated vehicle listing as every backend of the benchmark stores it.</summary>
internal sealed record BenchListing(long Id, GeneratedVehicle Vehicle, long Created)
{
    public double Latitude => Vehicle.Dealer.Latitude;

    public double Longitude => Vehicle.Dealer.Longitude;

    public long Price => Vehicle.PriceMinor;
}

/// <summary>
/// The benchmark's data set: N vehicles from the demo generator with ids 1..N, mapped to search documents with the
/// field set <see cref="ListingDocuments"/> gives the vehicles category (the schema is taken from it, so the two cannot drift).
/// </summary>
internal sealed class BenchListings
{
    // Listings appear over the 180 days before the reference date; row i's time depends only on (seed, i).
    private static readonly long ReferenceSeconds = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private const long Window = 180L * 86_400;

    private readonly int _seed;

    public BenchListings(ReferenceDataSet reference, int count, int seed)
    {
        Count = count;
        _seed = seed;
        Generator = new VehicleGenerator(reference, seed, VehicleGenerator.DealerCountFor(count));
        var template = VerticalTemplates.For(VerticalTemplates.Vehicles);
        var category = new Category(1, 1, null, template.Slug, template.Name, template.Vertical, template.Attributes);
        Documents = new ListingDocuments([category]);
        CategoryPath = [template.Slug];
    }

    public int Count { get; }

    public VehicleGenerator Generator { get; }

    public ListingDocuments Documents { get; }

    public IReadOnlyList<string> CategoryPath { get; }

    public IndexSchema Schema => Documents.Schema;

    /// <summary>Streams the rows; each call generates them afresh (row i depends only on the seed and i).</summary>
    public IEnumerable<BenchListing> Rows()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return Row(i);
        }
    }

    public BenchListing Row(int index) => At(index, Generator.Row(index));

    private BenchListing At(int index, GeneratedVehicle vehicle)
    {
        var mix = (ulong)(uint)_seed * 0x9E3779B97F4A7C15UL ^ ((ulong)index * 0xBF58476D1CE4E5B9UL);
        mix ^= mix >> 31;
        mix *= 0x94D049BB133111EBUL;
        mix ^= mix >> 29;
        return new BenchListing(index + 1, vehicle, ReferenceSeconds - (long)(mix % Window));
    }

    /// <summary>The document <see cref="ListingDocuments.ToDocument"/> would make of this listing, set directly (no JSON round trip).</summary>
    public SearchDocument ToDocument(BenchListing row)
    {
        var v = row.Vehicle;
        return new SearchDocument(row.Id)
            .Set(ListingDocuments.Title, v.Title)
            .Set(ListingDocuments.Description, v.Description)
            .Set(ListingDocuments.Category, CategoryPath)
            .Set(ListingDocuments.Seller, v.Dealer.ExternalId)
            .Set(ListingDocuments.Price, v.PriceMinor)
            .Set(ListingDocuments.Currency, v.Currency)
            .Set(ListingDocuments.Created, row.Created)
            .Set("vin", v.Vin)
            .Set("year", (long)v.Year)
            .Set("make", v.Make)
            .Set("model", v.Model)
            .Set("trim", v.Trim)
            .Set("body", v.Body)
            .Set("fuel", v.Fuel)
            .Set("transmission", v.Transmission)
            .Set("drivetrain", v.Drivetrain)
            .Set("exterior_color", v.ExteriorColor)
            .Set("condition", v.Condition)
            .Set("mileage", (long)v.Mileage)
            .SetGeo(ListingDocuments.Location, v.Dealer.Latitude, v.Dealer.Longitude);
    }
}
