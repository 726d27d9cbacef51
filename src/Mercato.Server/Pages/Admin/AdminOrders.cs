using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.Pages.Shop;
using Mercato.Server.Pages.Storefront;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Pages.Admin;

/// <summary>
/// The administrators' orders: search by order or purchase id, buyer e-mail and state; an order with its ledger entries
/// (which sum to zero) and the transitions an operator may fire, refunds among them.
/// </summary>
internal static class AdminOrders
{
    private const int PageSize = 100;

    public static async Task<IResult> ListAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, OrderCommands commands, string? q, string? state, string? notice, CancellationToken ct)
    {
        if (AdminEndpoints.Gate(http, caller) is not { } gate)
        {
            return AdminEndpoints.Refuse(http, tenant, caller);
        }

        var query = q?.Trim();
        state = OrderProcesses.All.SelectMany(p => p.States).Contains(state) ? state : null;
        long? id = long.TryParse(query, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
        var email = id is null && query is { Length: > 0 and <= 254 } ? query : null;
        await using var connection = await database.OpenAsync(ct);
        var orders = await OrderStore.SearchAsync(connection, tenant.Id, id, email, state, PageSize);
        var cards = await ShopEndpoints.CardsAsync(connection, database, tenant.Id, orders, [Actor.Operator], commands);
        var states = OrderProcesses.All.SelectMany(p => p.States).Distinct().Order(StringComparer.Ordinal).ToList();
        return new RazorComponentResult<AdminOrdersPage>(new { Model = new AdminOrdersModel(AdminEndpoints.Frame(http, tenant, gate, notice), cards, query, state, states) });
    }

    public static async Task<IResult> ShowAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, OrderCommands commands, string? notice, string? error, CancellationToken ct)
    {
        if (AdminEndpoints.Gate(http, caller) is not { } gate)
        {
            return AdminEndpoints.Refuse(http, tenant, caller);
        }

        await using var connection = await database.OpenAsync(ct);
        var order = await OrderStore.FindAsync(connection, null, tenant.Id, id);
        if (order is null)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.");
        }

        var card = (await ShopEndpoints.CardsAsync(connection, database, tenant.Id, [order], [Actor.Operator], commands))[0];
        var entries = await Ledger.OrderEntriesAsync(connection, tenant.Id, id);
        var model = new AdminOrderModel(AdminEndpoints.Frame(http, tenant, gate, notice, error), card, entries);
        return new RazorComponentResult<AdminOrderPage>(new { Model = model });
    }

    public static async Task<IResult> FireAsync(
        long id, string transition, HttpContext http, IFormCollection form, Tenant tenant, Caller caller, OrderCommands commands, CancellationToken ct)
    {
        if (AdminEndpoints.Gate(http, caller) is null)
        {
            return AdminEndpoints.Refuse(http, tenant, caller);
        }

        var back = $"/admin/orders/{id}";
        var (command, invalid) = OrderCommands.Read(transition, form);
        if (command is null)
        {
            return Results.Redirect($"{back}?error={Uri.EscapeDataString(invalid!)}");
        }

        var actorId = caller.UserId is { } user ? "user:" + user.ToString(CultureInfo.InvariantCulture) : "platform_admin";
        var problem = await commands.FireAsync(tenant.Id, id, _ => true, Actor.Operator, actorId, command, ct);
        if (problem?.StatusCode == StatusCodes.Status404NotFound)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.");
        }

        return Results.Redirect(problem is null
            ? $"{back}?notice={Uri.EscapeDataString($"Order {id}: {OrderText.Action(transition).ToLowerInvariant()} done.")}"
            : $"{back}?error={Uri.EscapeDataString(ShopEndpoints.Message(problem))}");
    }
}
