using System.Globalization;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Demo;

/// <summary>
/// The demo shopper's orders: one purchase per order, each taken through the real cart, checkout and order process
/// (the manual provider), so stock, ledger, history and mails are what a real buyer's would be. Together they show every
/// state of every process. Waiting orders expire after the checkout hold like any other.
/// </summary>
internal sealed class DemoOrders(Database database, CartStore carts, Checkout checkout, OrderCommands commands)
{
    /// <summary>The transitions after checkout, by process; each script ends in a different state.</summary>
    private static readonly Dictionary<string, string[][]> Scripts = new(StringComparer.Ordinal)
    {
        [OrderProcesses.Physical.Name] =
        [
            [], ["pay"], ["pay", "accept"], ["pay", "accept", "ship"], ["pay", "accept", "ship", "deliver"],
            ["pay", "accept", "ship", "deliver", "complete"], ["pay", "reject"], ["cancel"], ["pay", "refund"], ["pay", "accept", "partial_refund"],
        ],
        [OrderProcesses.Digital.Name] = [[], ["pay"], ["pay", "deliver"], ["pay", "partial_refund"], ["pay", "refund"], ["cancel"]],
        [OrderProcesses.VehicleDeposit.Name] = [[], ["pay"], ["pay", "complete"], ["pay", "release"], ["pay", "refund"], ["cancel"]],
    };

    /// <summary>Places the orders; <paramref name="listings"/> are listing ids by process, at least as many as that process's scripts.</summary>
    public async Task<int> SeedAsync(Tenant tenant, long shopperUserId, IReadOnlyDictionary<string, IReadOnlyList<long>> listings, CancellationToken cancellationToken)
    {
        var buyer = new Buyer(shopperUserId, null);
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        var count = 0;
        foreach (var (process, scripts) in Scripts)
        {
            var ids = listings.GetValueOrDefault(process) ?? [];
            for (var i = 0; i < scripts.Length && i < ids.Count; i++)
            {
                await AddAsync(tenant.Id, buyer, ids[i], process == OrderProcesses.Physical.Name ? 1 + (i % 3) : 1, cancellationToken);
                var outcome = await checkout.PlaceAsync(http, tenant, buyer, new CheckoutRequest(null, "US", "CA"), cancellationToken);
                var order = outcome.Purchase?.Orders.Single()
                    ?? throw new InvalidOperationException($"demo checkout of listing {ids[i]} failed: {outcome.Problem?.ProblemDetails.Detail}");
                foreach (var transition in scripts[i])
                {
                    await FireAsync(tenant.Id, buyer, order, transition, cancellationToken);
                }

                count++;
            }
        }

        return count;
    }

    private async Task AddAsync(long tenantId, Buyer buyer, long listingId, long quantity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var listing = await CartStore.FindListingAsync(connection, transaction, tenantId, listingId)
            ?? throw new InvalidOperationException($"demo listing {listingId} is not for sale");
        var cartId = (await carts.FindAsync(connection, transaction, tenantId, buyer, create: true))!.Value;
        await carts.SetLineAsync(connection, transaction, tenantId, cartId, listingId, quantity, listing.PriceAmount!.Value, listing.PriceCurrency!);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task FireAsync(long tenantId, Buyer buyer, OrderView order, string transition, CancellationToken cancellationToken)
    {
        // The buyer cancels, confirms delivery and completes; the seller does the rest, as on the pages.
        var buyerFires = transition == "cancel" || (order.Process == OrderProcesses.Physical.Name && transition is "deliver" or "complete");
        var command = transition switch
        {
            "ship" => new OrderCommand(transition, Tracking: "1Z999AA1" + (10_000_000 + order.Id).ToString(CultureInfo.InvariantCulture)),
            "partial_refund" => new OrderCommand(OrderProcess.Refund, Amount: Currencies.ToMajor(Math.Max(1, order.Total / 4), order.Currency)),
            _ => new OrderCommand(transition),
        };
        var problem = await commands.FireAsync(
            tenantId, order.Id, _ => true, buyerFires ? Actor.Buyer : Actor.Seller, buyerFires ? buyer.Scope : "demo-seller", command, cancellationToken);
        if (problem is not null)
        {
            throw new InvalidOperationException($"demo order {order.Id}: {transition} failed: {problem.ProblemDetails.Detail}");
        }
    }
}
