using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.Pages.Shop;
using Mercato.Server.Pages.Storefront;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Pages.Dashboard;

/// <summary>
/// The seller's orders on the dashboard: a list filtered by state, with the seller's balance, and each order with the
/// transitions the seller may fire (mark paid by hand, accept, reject, ship with a tracking number, deliver, release,
/// refund in full or in part). Another seller's order is the same 404 page as a missing one.
/// </summary>
internal static class DashboardOrders
{
    private const int PageSize = 100;

    public static async Task<IResult> ListAsync(
        HttpContext http, Tenant tenant, Database database, OrderCommands commands, string? state, long? before, CancellationToken ct)
    {
        var seller = DashboardSeller.Of(http);
        state = OrderProcesses.All.SelectMany(p => p.States).Contains(state) ? state : null;
        await using var connection = await database.OpenAsync(ct);
        var orders = await OrderStore.ListAsync(connection, tenant.Id, seller.Id, null, null, null, state, before, PageSize);
        var cards = await ShopEndpoints.CardsAsync(connection, database, tenant.Id, orders, [Actor.Seller], commands);
        var balance = await Ledger.SellerBalanceAsync(connection, tenant.Id, seller.Id);
        var model = new DashboardOrdersModel(
            ShopEndpoints.Frame(http, tenant, http.Request.Query["notice"], null), seller, cards, state,
            OrderProcesses.All.SelectMany(p => p.States).Distinct().Order(StringComparer.Ordinal).ToList(),
            balance.Select(b => (b.Key, b.Value)).ToList(), orders.Count == PageSize ? orders[^1].Id : null);
        return new RazorComponentResult<DashboardOrdersPage>(new { Model = model });
    }

    public static async Task<IResult> ShowAsync(
        long id, HttpContext http, Tenant tenant, Database database, OrderCommands commands, string? notice, string? error, CancellationToken ct)
    {
        var seller = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);
        var order = await OrderStore.FindAsync(connection, null, tenant.Id, id);
        if (order is null || order.SellerId != seller.Id)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.");
        }

        var card = (await ShopEndpoints.CardsAsync(connection, database, tenant.Id, [order], [Actor.Seller], commands))[0];
        return new RazorComponentResult<DashboardOrderPage>(new { Model = new DashboardOrderModel(ShopEndpoints.Frame(http, tenant, notice, error), seller, card) });
    }

    public static async Task<IResult> FireAsync(
        long id, string transition, HttpContext http, Tenant tenant, Caller caller, OrderCommands commands, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var seller = DashboardSeller.Of(http);
        var back = $"/dashboard/orders/{id}?seller={seller.Id}";
        var (command, invalid) = OrderCommands.Read(transition, form);
        if (command is null)
        {
            return Results.Redirect($"{back}&error={Uri.EscapeDataString(invalid!)}");
        }

        var actorId = caller.UserId is { } user ? "user:" + user.ToString(CultureInfo.InvariantCulture) : "platform_admin";
        var problem = await commands.FireAsync(tenant.Id, id, o => o.SellerId == seller.Id, Actor.Seller, actorId, command, ct);
        if (problem?.StatusCode == StatusCodes.Status404NotFound)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.");
        }

        return Results.Redirect(problem is null
            ? $"{back}&notice={Uri.EscapeDataString($"Order {id}: {OrderText.Action(transition).ToLowerInvariant()} done.")}"
            : $"{back}&error={Uri.EscapeDataString(ShopEndpoints.Message(problem))}");
    }
}
