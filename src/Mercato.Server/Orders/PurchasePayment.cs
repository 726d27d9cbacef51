using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Orders;

internal sealed record PurchasePaymentBody(string? Payment);

/// <summary>
/// Starting the payment of a committed purchase: right after checkout, and again on
/// <c>POST /api/purchases/{id}/payment</c> when the first try could not reach the processor. The provider derives its
/// idempotency keys from the purchase, so a retry finds or replays what the first try created instead of charging twice.
/// </summary>
internal static class PurchasePayment
{
    public const string RetryAction = "retry_payment";

    public static async Task<PaymentStart> StartAsync(
        IPaymentProvider provider, HttpContext http, long tenantId, long purchaseId, string currency, string email, string mode,
        IReadOnlyList<(long OrderId, long SellerId, string Process, long Total, long Tax, long Fee)> orders, ILogger logger, CancellationToken cancellationToken)
    {
        var site = new Uri($"{http.Request.Scheme}://{http.Request.Host}/");
        var captureLater = orders is [var only] && only.Process == OrderProcesses.VehicleDeposit.Name;
        try
        {
            return await provider.StartAsync(new PaymentStartRequest(
                tenantId, purchaseId, currency, email, mode, site, captureLater,
                orders.Select(o => new PaymentOrder(o.OrderId, o.SellerId, o.Process, o.Total, o.Tax, o.Fee)).ToList()), cancellationToken);
        }
        catch (PaymentStartException exception)
        {
            OrdersLog.PaymentNotStarted(logger, purchaseId, tenantId, exception.Message);
            return new PaymentStart(provider.Name, RetryAction, null, Error: exception.Message + $" Retry with POST /api/purchases/{purchaseId}/payment.");
        }
    }

    public static async Task<Results<Ok<PaymentStart>, ProblemHttpResult>> HandleAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, PaymentProviders providers, ILogger<CartStore> logger, CancellationToken cancellationToken)
    {
        PurchasePaymentBody? body = null;
        if (http.Request.ContentLength is > 0)
        {
            (body, var problem) = await RequestBody.ReadAsync<PurchasePaymentBody>(http.Request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (body?.Payment is not (null or "checkout" or "intent"))
        {
            return Problems.Field("payment", "must be checkout or intent");
        }

        var buyer = Buyer.From(http, caller);
        IReadOnlyList<Order> orders;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            orders = await OrderStore.ListAsync(connection, tenant.Id, null, null, null, id, null, null, 200);
        }

        if (orders.Count == 0 || !(caller.IsAdmin || orders.All(o => buyer.Owns(o.BuyerUserId, o.BuyerTokenHash))))
        {
            return Problems.NotFound($"Purchase {id} does not exist.");
        }

        var provider = providers.Get(orders[0].Provider);
        if (provider.ConfirmsByHand)
        {
            return Problems.Conflict("Paid by hand", $"Purchase {id} is paid through {provider.Name}: the seller confirms the payment.");
        }

        if (orders.Any(o => o.State != OrderProcesses.Get(o.Process).Initial))
        {
            return Problems.Conflict("Not awaiting payment", $"Purchase {id} is not awaiting payment any more.");
        }

        var payment = await StartAsync(
            provider, http, tenant.Id, id, orders[0].Currency, orders[0].BuyerEmail, body?.Payment ?? "checkout",
            orders.OrderBy(o => o.Id).Select(o => (o.Id, o.SellerId, o.Process, o.Total, o.Tax, o.PlatformFee)).ToList(), logger, cancellationToken);
        return payment.NextAction == RetryAction
            ? Problems.Status(StatusCodes.Status502BadGateway, "Payment not started", payment.Error!)
            : TypedResults.Ok(payment);
    }
}
