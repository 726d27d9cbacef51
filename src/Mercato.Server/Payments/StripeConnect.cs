using System.Globalization;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Stripe;

namespace Mercato.Server.Payments;

internal sealed record ConnectAccountBody(string? AccountId);

internal sealed record ConnectAccountView(string AccountId, bool ChargesEnabled, bool PayoutsEnabled, bool DetailsSubmitted)
{
    public static ConnectAccountView? From(StripeAccount? a) =>
        a is null ? null : new(a.AccountId, a.ChargesEnabled != 0, a.PayoutsEnabled != 0, a.DetailsSubmitted != 0);
}

internal sealed record OnboardingLinkView(string Url, DateTimeOffset ExpiresAt);

internal sealed record PayoutView(long Id, long OrderId, string Currency, long Amount, string Provider, string? TransferId, string Status, DateTimeOffset CreatedAt);

internal sealed record SellerPaymentsView(long SellerId, ConnectAccountView? Account, IReadOnlyList<CurrencyAmount> Payable, IReadOnlyList<PayoutView> Payouts);

/// <summary>
/// Sellers onboard to Stripe Connect as Express accounts: Mercato creates (or links) the account, hands out the
/// onboarding link, and keeps the account's status from <c>account.updated</c>. Sellers see their own; operators any.
/// </summary>
internal static class StripeConnect
{
    public static async Task<Results<Ok<ConnectAccountView>, Created<ConnectAccountView>, ProblemHttpResult>> CreateAccountAsync(
        long sellerId, HttpContext http, Tenant tenant, Caller caller, Database database, StripeClients clients, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(sellerId, tenant, caller, database, cancellationToken) is { } refused)
        {
            return refused;
        }

        ConnectAccountBody? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.HasJsonContentType())
        {
            (body, var problem) = await RequestBody.ReadAsync<ConnectAccountBody>(http.Request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
        }

        if ((await clients.ForTenantAsync(tenant.Id, cancellationToken)).Client is not { } client)
        {
            return NotConfigured();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (await StripeStore.AccountAsync(connection, null, tenant.Id, sellerId) is { } existing && body?.AccountId is null)
        {
            return TypedResults.Ok(ConnectAccountView.From(existing)!);
        }

        Account account;
        try
        {
            account = body?.AccountId is { } linked
                ? await new AccountService(client).GetAsync(linked, null, null, cancellationToken)
                : await CreateExpressAsync(client, tenant.Id, sellerId, cancellationToken);
        }
        catch (StripeException exception) when (body?.AccountId is not null)
        {
            return Problems.Field("accountId", $"is not a Connect account of this platform ({exception.StripeError?.Code ?? exception.Message})");
        }
        catch (StripeException exception)
        {
            return Problems.Status(StatusCodes.Status502BadGateway, "Stripe refused", exception.StripeError?.Message ?? exception.Message);
        }

        if (await StripeStore.AccountByIdAsync(connection, null, tenant.Id, account.Id) is { } taken && taken.SellerId != sellerId)
        {
            return Problems.Field("accountId", $"is already the account of seller {taken.SellerId}");
        }

        await StripeStore.SaveAccountAsync(connection, null, tenant.Id, sellerId, account, time.GetUtcNow());
        var view = ConnectAccountView.From(await StripeStore.AccountAsync(connection, null, tenant.Id, sellerId))!;
        return TypedResults.Created($"/api/sellers/{sellerId}/payments", view);
    }

    public static async Task<Results<Ok<OnboardingLinkView>, ProblemHttpResult>> OnboardingLinkAsync(
        long sellerId, HttpContext http, Tenant tenant, Caller caller, Database database, StripeClients clients, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(sellerId, tenant, caller, database, cancellationToken) is { } refused)
        {
            return refused;
        }

        if ((await clients.ForTenantAsync(tenant.Id, cancellationToken)).Client is not { } client)
        {
            return NotConfigured();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (await StripeStore.AccountAsync(connection, null, tenant.Id, sellerId) is not { } account)
        {
            return Problems.Conflict("No Connect account", $"Seller {sellerId} has no Stripe account yet: POST /api/sellers/{sellerId}/stripe/account first.");
        }

        var back = $"{http.Request.Scheme}://{http.Request.Host}/dashboard/payments";
        try
        {
            var link = await LinkAsync(client, account.AccountId, back, cancellationToken);
            return TypedResults.Ok(new OnboardingLinkView(link.Url, new DateTimeOffset(link.ExpiresAt, TimeSpan.Zero)));
        }
        catch (StripeException exception)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Unknown Connect account",
                $"Stripe does not know account {account.AccountId} ({exception.StripeError?.Code ?? exception.Message}); link another with POST /api/sellers/{sellerId}/stripe/account.");
        }
    }

    public static async Task<Results<Ok<SellerPaymentsView>, ProblemHttpResult>> GetAsync(
        long sellerId, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(sellerId, tenant, caller, database, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var account = await StripeStore.AccountAsync(connection, null, tenant.Id, sellerId);
        var balance = await Ledger.SellerBalanceAsync(connection, tenant.Id, sellerId);
        var payouts = await PayoutsAsync(connection, tenant.Id, sellerId);
        return TypedResults.Ok(new SellerPaymentsView(sellerId, ConnectAccountView.From(account), balance.Select(b => new CurrencyAmount(b.Key, b.Value)).ToList(), payouts));
    }

    /// <summary>An Express account for the seller, asking for card payments and transfers; the key makes a retry return the same account.</summary>
    public static Task<Account> CreateExpressAsync(IStripeClient client, long tenantId, long sellerId, CancellationToken cancellationToken) =>
        new AccountService(client).CreateAsync(new AccountCreateOptions
        {
            Type = "express",
            Capabilities = new AccountCapabilitiesOptions
            {
                CardPayments = new AccountCapabilitiesCardPaymentsOptions { Requested = true },
                Transfers = new AccountCapabilitiesTransfersOptions { Requested = true },
            },
            Metadata = new Dictionary<string, string>
            {
                ["mercato_tenant"] = tenantId.ToString(CultureInfo.InvariantCulture),
                ["mercato_seller"] = sellerId.ToString(CultureInfo.InvariantCulture),
            },
        }, new RequestOptions { IdempotencyKey = StripeStore.IdempotencyKey(tenantId, "account-seller", sellerId) }, cancellationToken);

    public static Task<AccountLink> LinkAsync(IStripeClient client, string accountId, string back, CancellationToken cancellationToken) =>
        new AccountLinkService(client).CreateAsync(
            new AccountLinkCreateOptions { Account = accountId, RefreshUrl = back, ReturnUrl = back, Type = "account_onboarding" }, null, cancellationToken);

    public static async Task<IReadOnlyList<PayoutView>> PayoutsAsync(System.Data.Common.DbConnection connection, long tenantId, long sellerId) =>
        (await connection.QueryAsync<PayoutView>(
            """
            SELECT id, order_id AS OrderId, currency, amount, provider, transfer_id AS TransferId, status, created_at AS CreatedAt
            FROM payouts WHERE tenant_id = @tenantId AND seller_id = @sellerId ORDER BY id DESC LIMIT 100
            """,
            new { tenantId, sellerId })).AsList();

    private static async Task<ProblemHttpResult?> RefuseAsync(long sellerId, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM sellers WHERE tenant_id = @tenantId AND id = @sellerId)", new { tenantId = tenant.Id, sellerId });
        return exists && caller.CanManage(sellerId) ? null : Problems.NotFound($"Seller {sellerId} does not exist.");
    }

    private static ProblemHttpResult NotConfigured() =>
        Problems.Conflict("Stripe is not configured", "This marketplace has no Stripe keys: PUT /api/payments/stripe/settings first.");
}
