using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.ReferenceData;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Demo;

/// <summary>
/// Creates the default tenant on a new database and, unless disabled, fills it with the demo marketplace:
/// vehicles from dealers on real ZIP codes or city centres, wholesale products from the reference data's product samples,
/// and AI agents.
/// A tenant that already has sellers is left alone, so later starts never redo it.
/// </summary>
internal sealed class DemoSeeder(
    Database database,
    TenantStore tenants,
    TenantDirectory directory,
    SellerStore sellers,
    ListingStore listings,
    IOptions<DemoOptions> options,
    IOptions<AccountsOptions> accounts,
    UserStore users,
    DemoOrders orders,
    ReferenceDataSet reference,
    ILogger<DemoSeeder> logger)
{
    public const string DemoAdminEmail = "admin@demo.mercato.test";
    public const string DemoDealerEmail = "dealer@demo.mercato.test";
    public const string DemoShopperEmail = "shopper@demo.mercato.test";
    public const string DemoPassword = "mercato-demo";

    public async Task EnsureDefaultTenantAsync(CancellationToken cancellationToken = default)
    {
        var demo = options.Value;
        var tenant = await tenants.FindAsync(Tenant.DefaultSlug, cancellationToken);
        if (tenant is null)
        {
            if ((await tenants.ListAsync(cancellationToken)).Count > 0)
            {
                return;
            }

            tenant = await tenants.CreateAsync(
                new TenantStore.NewTenant(
                    Tenant.DefaultSlug,
                    demo.Enabled ? "Mercato Demo Marketplace" : "Mercato",
                    [],
                    "USD",
                    VerticalTemplates.All,
                    TenantBranding.Default),
                cancellationToken);
            directory.Invalidate();
        }

        if (!demo.Enabled)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sellers WHERE tenant_id = @Id", new { tenant.Id }) > 0)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        var all = await CategoryStore.ListAsync(connection, tenant.Id);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var count = 0;

        // A few listings of each process for the demo shopper's orders: the first ones of each vertical (products with stock).
        var forOrders = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        if (all.FirstOrDefault(c => c.Vertical == VerticalTemplates.Vehicles) is { } vehicles && demo.Vehicles > 0)
        {
            var ids = await SeedVehiclesAsync(connection, transaction, tenant, vehicles, demo);
            count += ids.Count;
            forOrders[OrderProcesses.VehicleDeposit.Name] = ids.Take(OrdersPerProcess).ToList();
        }

        if (all.FirstOrDefault(c => c.Vertical == VerticalTemplates.Wholesale) is { } wholesale && demo.Products > 0)
        {
            var ids = await SeedProductsAsync(connection, transaction, tenant, wholesale, demo);
            count += ids.Count;
            forOrders[OrderProcesses.Physical.Name] = ids.Where(p => p.Stock >= 10).Select(p => p.Id).Take(OrdersPerProcess).ToList();
        }

        if (all.FirstOrDefault(c => c.Vertical == VerticalTemplates.Agents) is { } agents && demo.Agents > 0)
        {
            var ids = await SeedAgentsAsync(connection, transaction, tenant, agents, demo);
            count += ids.Count;
            forOrders[OrderProcesses.Digital.Name] = ids.Take(OrdersPerProcess).ToList();
        }

        long? shopper = null;
        if (accounts.Value.DemoAccounts)
        {
            shopper = await SeedAccountsAsync(connection, transaction, tenant);
        }

        await transaction.CommitAsync(cancellationToken);
        DemoLog.Seeded(logger, count, tenant.Slug, stopwatch.Elapsed.TotalSeconds);
        if (shopper is { } shopperId && demo.Orders)
        {
            // Through the real checkout and order processes, after the catalog is committed: each takes its own transactions.
            stopwatch.Restart();
            var placed = await orders.SeedAsync(tenant, shopperId, forOrders, cancellationToken);
            DemoLog.OrdersSeeded(logger, placed, tenant.Slug, stopwatch.Elapsed.TotalSeconds);
        }
    }

    private const int OrdersPerProcess = 12;

    /// <summary>Sign-ins to try the demo with (documented in the README): the marketplace admin, the first dealer and a shopper; answers the shopper.</summary>
    private async Task<long> SeedAccountsAsync(DbConnection connection, DbTransaction transaction, Tenant tenant)
    {
        var hash = await users.HashPasswordAsync(DemoPassword, default);
        await users.CreateAsync(connection, transaction, tenant.Id, DemoAdminEmail, "Demo administrator", hash, Caller.TenantAdminRole);
        var dealer = await connection.QueryFirstOrDefaultAsync<long?>(
            "SELECT id FROM sellers WHERE tenant_id = @Id ORDER BY id LIMIT 1", new { tenant.Id }, transaction);
        if (dealer is { } sellerId)
        {
            var userId = await users.CreateAsync(connection, transaction, tenant.Id, DemoDealerEmail, "Demo dealer", hash, Caller.ShopperRole);
            await UserStore.AddMembershipAsync(connection, transaction, tenant.Id, userId, sellerId, Membership.Owner);
        }

        return await users.CreateAsync(connection, transaction, tenant.Id, DemoShopperEmail, "Demo shopper", hash, Caller.ShopperRole);
    }

    private async Task<List<long>> SeedVehiclesAsync(DbConnection connection, DbTransaction transaction, Tenant tenant, Category category, DemoOptions demo)
    {
        var generator = new VehicleGenerator(reference, demo.Seed, VehicleGenerator.DealerCountFor(demo.Vehicles));
        var dealerIds = new Dictionary<string, Seller>();
        foreach (var dealer in generator.Dealers)
        {
            dealerIds[dealer.ExternalId] = await sellers.InsertAsync(connection, transaction, tenant.Id,
                new Seller(0, dealer.ExternalId, dealer.Name, dealer.Kind, SellerStatus.Active, dealer.Zip, "US", dealer.Latitude, dealer.Longitude));
        }

        var ids = new List<long>();
        foreach (var vehicle in generator.Generate(demo.Vehicles))
        {
            var attributes = new JsonObject
            {
                ["vin"] = vehicle.Vin,
                ["year"] = vehicle.Year,
                ["make"] = vehicle.Make,
                ["model"] = vehicle.Model,
                ["trim"] = vehicle.Trim,
                ["body"] = vehicle.Body,
                ["fuel"] = vehicle.Fuel,
                ["transmission"] = vehicle.Transmission,
                ["drivetrain"] = vehicle.Drivetrain,
                ["exterior_color"] = vehicle.ExteriorColor,
                ["condition"] = vehicle.Condition,
                ["mileage"] = vehicle.Mileage,
            };
            ids.Add(await InsertAsync(connection, transaction, tenant, category, dealerIds[vehicle.Dealer.ExternalId], vehicle.ExternalId,
                vehicle.Title, vehicle.Description, new Money(vehicle.PriceMinor, vehicle.Currency), attributes));
        }

        return ids;
    }

    /// <summary>Products with their stock counted (the feed's stock figure), so the storefront shows how many are left.</summary>
    private async Task<List<(long Id, long Stock)>> SeedProductsAsync(DbConnection connection, DbTransaction transaction, Tenant tenant, Category category, DemoOptions demo)
    {
        var (productSellers, products) = WholesaleCatalog.Load(reference, demo.Products, demo.Seed);
        var sellerIds = await InsertSellersAsync(connection, transaction, tenant, productSellers);
        var ids = new List<(long, long)>();
        foreach (var product in products)
        {
            var tiers = new JsonArray();
            foreach (var (minQuantity, price) in product.Tiers)
            {
                tiers.Add(new JsonObject { ["minQuantity"] = minQuantity, ["amount"] = price });
            }

            var attributes = new JsonObject
            {
                ["sku"] = product.Sku,
                ["brand"] = product.Brand,
                ["category_path"] = new JsonArray(product.CategoryPath.Select(p => (JsonNode?)p).ToArray()),
                ["moq"] = product.Moq,
                ["case_pack"] = product.CasePack,
                ["stock"] = product.Stock,
            };
            if (tiers.Count > 0)
            {
                attributes["price_tiers"] = tiers;
            }

            if (product.Rating is { } rating)
            {
                attributes["rating"] = rating;
            }

            var id = await InsertAsync(connection, transaction, tenant, category, sellerIds[product.SellerExternalId], product.ExternalId,
                ShortTitle(product.Name), null, new Money(product.PriceMinor, product.Currency), attributes);
            await Inventory.SetAsync(connection, transaction, tenant.Id, id, Math.Max(0, product.Stock));
            ids.Add((id, product.Stock));
        }

        return ids;
    }

    // A few real product names run past the title limit; cut them at a word the way a feed mapping would.
    private static string ShortTitle(string name)
    {
        if (name.Length <= ListingRules.MaxTitleLength)
        {
            return name;
        }

        var cut = name.LastIndexOf(' ', ListingRules.MaxTitleLength - 2);
        return string.Concat(name.AsSpan(0, cut > 0 ? cut : ListingRules.MaxTitleLength - 1), "…");
    }

    private async Task<List<long>> SeedAgentsAsync(DbConnection connection, DbTransaction transaction, Tenant tenant, Category category, DemoOptions demo)
    {
        var (vendors, agents) = AgentCatalog.Generate(reference.PostalCodes, demo.Agents, demo.Seed);
        var sellerIds = await InsertSellersAsync(connection, transaction, tenant, vendors);
        var ids = new List<long>();
        foreach (var agent in agents)
        {
            var attributes = new JsonObject
            {
                ["capabilities"] = new JsonArray(agent.Capabilities.Select(c => (JsonNode?)c).ToArray()),
                ["integration_type"] = agent.IntegrationType,
                ["model_provider"] = agent.ModelProvider,
                ["licence_type"] = agent.LicenceType,
                ["delivery"] = agent.Delivery,
                ["pricing_model"] = agent.PricingModel,
            };
            if (agent.BillingPeriod is { } period)
            {
                attributes["billing_period"] = period;
            }

            ids.Add(await InsertAsync(connection, transaction, tenant, category, sellerIds[agent.SellerExternalId], agent.ExternalId,
                agent.Title, agent.Description, new Money(agent.PriceMinor, agent.Currency), attributes));
        }

        return ids;
    }

    private async Task<Dictionary<string, Seller>> InsertSellersAsync(
        DbConnection connection, DbTransaction transaction, Tenant tenant, IEnumerable<GeneratedSeller> generated)
    {
        var ids = new Dictionary<string, Seller>();
        foreach (var seller in generated)
        {
            ids[seller.ExternalId] = await sellers.InsertAsync(connection, transaction, tenant.Id,
                new Seller(0, seller.ExternalId, seller.Name, seller.Kind, SellerStatus.Active, seller.Zip, seller.Country, seller.Latitude, seller.Longitude));
        }

        return ids;
    }

    /// <summary>Demo rows go through the same validation as API writes, so the demo can never hold what the API would refuse.</summary>
    private async Task<long> InsertAsync(
        DbConnection connection, DbTransaction transaction, Tenant tenant, Category category, Seller seller,
        string externalId, string title, string? description, Money price, JsonObject attributes)
    {
        var errors = new Dictionary<string, string[]>();
        var content = ListingRules.Validate(externalId, seller, category, ListingStatus.Active, title, description, price, attributes, errors)
            ?? throw new InvalidOperationException(
                $"demo listing {externalId} breaks the {category.Slug} schema: {string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"))}");
        return await listings.InsertAsync(connection, transaction, tenant.Id, content);
    }
}
