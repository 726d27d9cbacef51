using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Orders;

namespace Mercato.Bench.Checkout;

/// <summary>What the benchmark sells: a large catalog for the throughput phase and a few scarce items for the contention phase.</summary>
internal sealed record CheckoutCatalog(long TenantId, IReadOnlyList<long> Listings, IReadOnlyList<long> ScarceItems, long Units);

/// <summary>
/// Fills the default tenant of a scratch database with wholesale products in USD from a few sellers, each with tracked
/// stock (the throughput catalog deep enough never to run out), plus the contention items with a few units each.
/// Rows go through <see cref="ListingRules"/> and the stores, as the demo's do; tax, commission and shipping are set so
/// that checkout prices every part.
/// </summary>
internal static class CheckoutCatalogBuilder
{
    public const long DeepStock = 1_000_000;
    private const int Sellers = 20;

    public static async Task<CheckoutCatalog> CreateAsync(IServiceProvider services, int listings, int items, long units)
    {
        var database = services.GetRequiredService<Database>();
        var sellerStore = services.GetRequiredService<SellerStore>();
        var listingStore = services.GetRequiredService<ListingStore>();
        var tenant = await services.GetRequiredService<TenantStore>().FindAsync(Tenant.DefaultSlug)
            ?? throw new InvalidOperationException("the default tenant is missing");
        await using var connection = await database.OpenAsync();
        var category = (await CategoryStore.ListAsync(connection, tenant.Id)).First(c => c.Vertical == VerticalTemplates.Wholesale && c.ParentId is null);
        await using var transaction = await Database.BeginWriteAsync(connection);
        var sellers = new List<Seller>();
        for (var s = 0; s <= Sellers; s++)
        {
            sellers.Add(await sellerStore.InsertAsync(connection, transaction, tenant.Id,
                new Seller(0, $"bench-seller-{s}", $"Bench supplier {s}", "manufacturer", SellerStatus.Active, "10001", "US", null, null)));
        }

        async Task<long> InsertAsync(Seller seller, string sku, long price)
        {
            var errors = new Dictionary<string, string[]>();
            var content = ListingRules.Validate(sku, seller, category, ListingStatus.Active, $"Bench product {sku}", null, new Money(price, "USD"),
                new JsonObject { ["sku"] = sku, ["moq"] = 1, ["case_pack"] = 1 }, errors)
                ?? throw new InvalidOperationException($"bench listing {sku}: {string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"))}");
            return await listingStore.InsertAsync(connection, transaction, tenant.Id, content);
        }

        var catalog = new List<long>(listings);
        for (var i = 0; i < listings; i++)
        {
            catalog.Add(await InsertAsync(sellers[i % Sellers], string.Create(CultureInfo.InvariantCulture, $"T-{i:D7}"), 500 + (i * 37 % 20_000)));
        }

        // The scarce items belong to a seller of their own, so the throughput phase never touches them.
        var scarce = new List<long>(items);
        for (var i = 0; i < items; i++)
        {
            scarce.Add(await InsertAsync(sellers[Sellers], string.Create(CultureInfo.InvariantCulture, $"C-{i:D5}"), 2_500 + i));
        }

        await connection.ExecuteAsync(
            "INSERT INTO stock (tenant_id, listing_id, available, reserved) SELECT tenant_id, id, @DeepStock, 0 FROM listings WHERE tenant_id = @Id AND seller_id <> @scarceSeller",
            new { DeepStock, tenant.Id, scarceSeller = sellers[Sellers].Id }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO stock (tenant_id, listing_id, available, reserved) SELECT tenant_id, id, @units, 0 FROM listings WHERE tenant_id = @Id AND seller_id = @scarceSeller",
            new { units, tenant.Id, scarceSeller = sellers[Sellers].Id }, transaction);

        // 8.875 % sales tax in the buyers' country, 10 % + 0.30 commission, flat shipping per seller.
        await connection.ExecuteAsync("INSERT INTO commerce_tax_rates (tenant_id, country, region, rate_bp) VALUES (@Id, 'US', '', 888)", new { tenant.Id }, transaction);
        await connection.ExecuteAsync("INSERT INTO commerce_commissions (tenant_id, category_id, percent_bp, fixed_minor) VALUES (@Id, 0, 1000, 30)", new { tenant.Id }, transaction);
        foreach (var seller in sellers)
        {
            await connection.ExecuteAsync(
                "INSERT INTO commerce_shipping_rates (tenant_id, seller_id, amount, currency) VALUES (@tenantId, @sellerId, @amount, 'USD')",
                new { tenantId = tenant.Id, sellerId = seller.Id, amount = 495 + (seller.Id % 5 * 100) }, transaction);
        }

        await transaction.CommitAsync();
        return new CheckoutCatalog(tenant.Id, catalog, scarce, units);
    }

    /// <summary>Units of each scarce item on orders not cancelled: never more than its stock unless it was oversold.</summary>
    public static async Task<Dictionary<long, long>> SoldAsync(Database database, CheckoutCatalog catalog)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(long ListingId, long Units)>(
            $"""
            SELECT ol.listing_id, CAST(SUM(ol.quantity) AS bigint) FROM order_lines ol JOIN orders o ON o.id = ol.order_id
            WHERE ol.tenant_id = @TenantId AND o.state NOT IN ('cancelled', 'released') AND {database.In("ol.listing_id", "@items")}
            GROUP BY ol.listing_id
            """,
            new { catalog.TenantId, items = catalog.ScarceItems.ToArray() });
        var sold = catalog.ScarceItems.ToDictionary(id => id, _ => 0L);
        foreach (var (listingId, units) in rows)
        {
            sold[listingId] = units;
        }

        return sold;
    }
}
