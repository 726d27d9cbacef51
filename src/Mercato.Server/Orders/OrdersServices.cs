using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Orders;

internal static class OrdersServices
{
    /// <summary>Carts, checkout, orders and inventory, with payments (provider seam, ledger) beneath them.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddPayments();
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CartStore>();
        services.AddSingleton<CheckoutPricing>();
        services.AddSingleton<Checkout>();
        services.AddSingleton<OrderCommands>();
        services.AddSingleton<Accounts.Web.ICartSummary, CartSummary>();
        services.AddSingleton<OrderTransitions>();
        services.AddSingleton<IIdempotencyScope, CallerIdempotencyScope>();
        services.AddJobHandler<OrderTimerPayload, OrderTimerJob>(OrderTimerJob.Kind, kind => kind.MaxAttempts = 10);
        services.AddJobHandler<StripeEventPayload, StripeEventJob>(StripeWebhook.JobKind, kind => kind.MaxAttempts = 10);
        return services;
    }
}

/// <summary>Idempotency keys belong to the tenant and the caller: a user, a seller key, the admin token or a guest cart.</summary>
internal sealed class CallerIdempotencyScope : IIdempotencyScope
{
    public (long TenantId, string Caller)? Resolve(HttpContext context)
    {
        if (context.Features.Get<Tenant>() is not { } tenant)
        {
            return null;
        }

        var caller = Caller.From(context);
        var name = caller switch
        {
            { PlatformAdmin: true } => "platform_admin",
            { UserId: { } user } => "user:" + user.ToString(CultureInfo.InvariantCulture),
            { Sellers.Count: > 0 } => "sellers:" + string.Join(',', caller.Sellers.Order()),
            _ => Buyer.From(context, caller).TokenHash is { } guest ? "guest:" + guest : "anonymous",
        };
        return (tenant.Id, name);
    }
}
