using Mercato.Server.Infrastructure;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Sellers;

internal sealed record CreateSellerRequest(string? ExternalId, string? Name, string? Kind, string? PostalCode, string? Country);

internal static class CreateSeller
{
    public static async Task<Results<Created<Seller>, ProblemHttpResult>> HandleAsync(
        HttpRequest http, Tenant tenant, Database database, SellerStore store, ReferenceDataSet reference, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<CreateSellerRequest>(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var externalId = request.ExternalId?.Trim();
        if (string.IsNullOrEmpty(externalId) || externalId.Length > 100)
        {
            errors["externalId"] = ["is required, at most 100 characters"];
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["is required, at most 200 characters"];
        }

        var kind = request.Kind ?? "dealer";
        if (!Seller.Kinds.Contains(kind))
        {
            errors["kind"] = [$"must be one of: {string.Join(", ", Seller.Kinds)}"];
        }

        var country = (request.Country ?? "US").ToUpperInvariant();
        double? latitude = null, longitude = null;
        if (request.PostalCode is { } postalCode)
        {
            if (country == "US" && reference.PostalCodes.TryGet(postalCode, out var lat, out var lng))
            {
                (latitude, longitude) = (lat, lng);
            }
            else if (country == "US")
            {
                errors["postalCode"] = [$"'{postalCode}' is not a known US ZIP code"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        if (await SellerStore.FindByExternalIdAsync(connection, transaction, tenant.Id, externalId!) is not null)
        {
            return Problems.Conflict("Seller exists", $"A seller with external id '{externalId}' already exists.");
        }

        var seller = await store.InsertAsync(connection, transaction, tenant.Id,
            new Seller(0, externalId!, name!, kind, SellerStatus.Active, request.PostalCode?.Trim(), country, latitude, longitude));
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/sellers/{seller.Id}", seller);
    }
}
