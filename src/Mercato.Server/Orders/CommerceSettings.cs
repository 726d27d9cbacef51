using System.Data.Common;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Orders;

internal sealed record TaxRate(string Country, string? Region, long RateBasisPoints);

internal sealed record Commission(long PercentBasisPoints, long FixedAmount);

internal sealed record CategoryCommission(string Category, long PercentBasisPoints, long FixedAmount);

internal sealed record ShippingRate(long SellerId, long Amount, string Currency);

/// <summary>A tenant's rates, replaced as a whole by PUT: taxes by country/region, commission, and flat shipping per seller.</summary>
internal sealed record CommerceSettingsBody(
    IReadOnlyList<TaxRate>? TaxRates, Commission? Commission, IReadOnlyList<CategoryCommission>? CategoryCommissions, IReadOnlyList<ShippingRate>? Shipping);

/// <summary>
/// Tax, commission and shipping of a tenant. Tax is deliberately simple: one rate per country, optionally per region
/// within it (the region's rate wins), on the goods of an order, not on shipping or vehicle deposits.
/// </summary>
internal static class CommerceSettings
{
    public static async Task<Ok<CommerceSettingsBody>> GetAsync(Tenant tenant, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return TypedResults.Ok(await ReadAsync(connection, tenant.Id));
    }

    public static async Task<Results<Ok<CommerceSettingsBody>, ProblemHttpResult>> PutAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        var (body, problem) = await RequestBody.ReadAsync<CommerceSettingsBody>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var taxes = body!.TaxRates ?? [];
        for (var i = 0; i < taxes.Count; i++)
        {
            if (taxes[i].Country is not { Length: 2 } || !taxes[i].Country.All(char.IsAsciiLetterUpper))
            {
                errors[$"taxRates[{i}].country"] = ["must be an ISO 3166-1 alpha-2 code in capitals"];
            }

            if (taxes[i].RateBasisPoints is < 0 or > 10_000)
            {
                errors[$"taxRates[{i}].rateBasisPoints"] = ["must be 0 to 10000 (hundredths of a percent)"];
            }
        }

        var commissions = new List<(string Key, Commission Value)>();
        if (body.Commission is { } fallback)
        {
            commissions.Add(("commission", fallback));
        }

        commissions.AddRange((body.CategoryCommissions ?? []).Select((c, i) => ($"categoryCommissions[{i}]", new Commission(c.PercentBasisPoints, c.FixedAmount))));
        foreach (var (key, value) in commissions.Where(c => c.Value.PercentBasisPoints is < 0 or > 10_000 || c.Value.FixedAmount < 0))
        {
            errors[key] = ["percentBasisPoints must be 0 to 10000 and fixedAmount not negative"];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var categories = new List<long>();
        foreach (var (category, i) in (body.CategoryCommissions ?? []).Select((c, i) => (c.Category, i)))
        {
            var id = await connection.ExecuteScalarAsync<long?>("SELECT id FROM categories WHERE tenant_id = @tenantId AND slug = @category", new { tenantId = tenant.Id, category });
            if (id is null)
            {
                errors[$"categoryCommissions[{i}].category"] = [$"no category '{category}'"];
            }

            categories.Add(id ?? 0);
        }

        var shipping = body.Shipping ?? [];
        for (var i = 0; i < shipping.Count; i++)
        {
            var exists = await connection.ExecuteScalarAsync<long?>("SELECT id FROM sellers WHERE tenant_id = @tenantId AND id = @SellerId", new { tenantId = tenant.Id, shipping[i].SellerId });
            if (exists is null || shipping[i].Amount < 0 || shipping[i].Currency is not { Length: 3 })
            {
                errors[$"shipping[{i}]"] = ["needs a seller of this marketplace, an amount not negative and a currency code"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var tenantId = tenant.Id;
        foreach (var table in new[] { "commerce_tax_rates", "commerce_commissions", "commerce_shipping_rates" })
        {
            await connection.ExecuteAsync($"DELETE FROM {table} WHERE tenant_id = @tenantId", new { tenantId }, transaction);
        }

        await connection.ExecuteAsync(
            "INSERT INTO commerce_tax_rates (tenant_id, country, region, rate_bp) VALUES (@tenantId, @Country, @Region, @RateBasisPoints)",
            taxes.Select(t => new { tenantId, t.Country, Region = t.Region ?? "", t.RateBasisPoints }), transaction);
        var rules = (body.Commission is { } c0 ? [(0L, c0)] : new List<(long, Commission)>())
            .Concat(categories.Zip(body.CategoryCommissions ?? [], (id, c) => (id, new Commission(c.PercentBasisPoints, c.FixedAmount))));
        await connection.ExecuteAsync(
            "INSERT INTO commerce_commissions (tenant_id, category_id, percent_bp, fixed_minor) VALUES (@tenantId, @category, @PercentBasisPoints, @FixedAmount)",
            rules.Select(r => new { tenantId, category = r.Item1, r.Item2.PercentBasisPoints, r.Item2.FixedAmount }), transaction);
        await connection.ExecuteAsync(
            "INSERT INTO commerce_shipping_rates (tenant_id, seller_id, amount, currency) VALUES (@tenantId, @SellerId, @Amount, @Currency)",
            shipping.Select(s => new { tenantId, s.SellerId, s.Amount, s.Currency }), transaction);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ReadAsync(connection, tenantId));
    }

    private static async Task<CommerceSettingsBody> ReadAsync(DbConnection connection, long tenantId)
    {
        var taxes = (await connection.QueryAsync<(string Country, string Region, long Rate)>(
            "SELECT country, region, rate_bp FROM commerce_tax_rates WHERE tenant_id = @tenantId ORDER BY country, region", new { tenantId }))
            .Select(t => new TaxRate(t.Country, t.Region.Length == 0 ? null : t.Region, t.Rate)).ToList();
        var rules = (await connection.QueryAsync<(long CategoryId, string? Slug, long Percent, long Fixed)>(
            """
            SELECT r.category_id, c.slug, r.percent_bp, r.fixed_minor FROM commerce_commissions r
            LEFT JOIN categories c ON c.id = r.category_id WHERE r.tenant_id = @tenantId ORDER BY c.slug
            """, new { tenantId })).ToList();
        var shipping = (await connection.QueryAsync<ShippingRate>(
            "SELECT seller_id AS SellerId, amount, currency FROM commerce_shipping_rates WHERE tenant_id = @tenantId ORDER BY seller_id", new { tenantId })).ToList();
        var fallback = rules.FirstOrDefault(r => r.CategoryId == 0);
        return new CommerceSettingsBody(
            taxes,
            rules.Any(r => r.CategoryId == 0) ? new Commission(fallback.Percent, fallback.Fixed) : new Commission(0, 0),
            rules.Where(r => r.CategoryId != 0).Select(r => new CategoryCommission(r.Slug!, r.Percent, r.Fixed)).ToList(),
            shipping);
    }
}
