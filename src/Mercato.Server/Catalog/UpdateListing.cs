using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Mercato.Server.Catalog;

/// <summary>
/// PATCH with JSON merge-patch semantics (RFC 7396): top-level fields replace, <c>attributes</c> merges key by key and a
/// null removes. The client proves which version it edited with <c>If-Match</c> (or <c>version</c> in the body), so two
/// editors never silently overwrite each other: a stale version gets 412, a missing one 428.
/// </summary>
internal static class UpdateListing
{
    private static readonly string[] NotChangeable = ["is not a field that can be changed"];
    private static readonly HashSet<string> Fields = ["externalId", "category", "status", "title", "description", "price", "attributes", "version"];

    public static async Task<Results<Ok<Listing>, ProblemHttpResult>> HandleAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, ListingStore listings, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        var (patch, problem) = await RequestBody.ReadAsync<JsonObject>(http.Request, cancellationToken);
        if (patch is null)
        {
            return problem!;
        }

        var unknown = patch.Select(p => p.Key).Where(k => !Fields.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            return Problems.Validation(unknown.ToDictionary(k => k, _ => NotChangeable));
        }

        if (!TryGetExpectedVersion(http.Request, patch, out var expectedVersion, out var versionProblem))
        {
            return versionProblem!;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var current = await ListingStore.FindAsync(connection, transaction, tenant.Id, id);
        if (current is null || !caller.CanManage(current.SellerId))
        {
            return Problems.NotFound($"Listing {id} does not exist.");
        }

        if (!expectedVersion.Matches(current.Version))
        {
            return VersionConflict(current);
        }

        var errors = new Dictionary<string, string[]>();
        var all = await CategoryStore.ListAsync(connection, tenant.Id, transaction);
        var categorySlug = Text(patch, "category", current.Category, errors);
        var category = all.FirstOrDefault(c => c.Slug == categorySlug);
        if (category is null)
        {
            errors["category"] = [$"'{categorySlug}' is not a category of this marketplace"];
        }

        var price = current.Price;
        if (patch.TryGetPropertyValue("price", out var priceNode))
        {
            price = priceNode is null ? null : ReadMoney(priceNode, errors);
        }

        var attributes = (JsonObject)current.Attributes.DeepClone();
        if (patch.TryGetPropertyValue("attributes", out var attributesNode))
        {
            if (attributesNode is JsonObject changes)
            {
                foreach (var (name, value) in changes)
                {
                    attributes[name] = value?.DeepClone();
                }
            }
            else
            {
                errors["attributes"] = ["must be an object"];
            }
        }

        var seller = (await SellerStore.FindAsync(connection, transaction, tenant.Id, current.SellerId))!;
        var content = category is null || errors.Count > 0
            ? null
            : ListingRules.Validate(
                Text(patch, "externalId", current.ExternalId, errors),
                seller,
                category,
                Text(patch, "status", current.Status, errors),
                Text(patch, "title", current.Title, errors),
                Text(patch, "description", current.Description, errors),
                price,
                attributes,
                errors);
        if (content is null)
        {
            return Problems.Validation(errors);
        }

        if (content.ExternalId != current.ExternalId
            && await ListingStore.ExternalIdTakenAsync(connection, transaction, tenant.Id, seller.Id, content.ExternalId, id))
        {
            return Problems.Conflict("Listing exists", $"Seller '{seller.ExternalId}' already has a listing with external id '{content.ExternalId}'.");
        }

        if (!await listings.UpdateAsync(connection, transaction, tenant.Id, id, current.Version, content))
        {
            return VersionConflict((await ListingStore.FindAsync(connection, transaction, tenant.Id, id))!);
        }

        var updated = (await ListingStore.FindAsync(connection, transaction, tenant.Id, id))!;
        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = updated.ETag;
        return TypedResults.Ok(updated);
    }

    /// <summary>
    /// The versions a client edited, from <c>If-Match</c> or the body; both absent is a 428. If-Match compares strongly
    /// (RFC 9110 13.1.1): a weak tag such as <c>W/"5"</c> matches no version, and <c>*</c> matches the current one.
    /// </summary>
    internal static bool TryGetExpectedVersion(HttpRequest request, JsonObject? body, out ExpectedVersion expected, out ProblemHttpResult? problem)
    {
        problem = null;
        expected = default;
        var ifMatch = request.Headers.IfMatch;
        if (!string.IsNullOrWhiteSpace(ifMatch.ToString()))
        {
            if (!EntityTagHeaderValue.TryParseStrictList(ifMatch, out var tags) || tags.Count == 0)
            {
                problem = Problems.Field("If-Match", $"'{ifMatch}' is not a list of ETags (they look like \"3\")");
                return false;
            }

            var versions = tags
                .Where(t => !t.IsWeak && t.Tag.Length > 2)
                .Select(t => int.TryParse(t.Tag.Subsegment(1, t.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Where(v => v > 0);
            expected = new ExpectedVersion(tags.Any(t => t.Equals(EntityTagHeaderValue.Any)), [.. versions]);
            return true;
        }

        if (body?["version"] is JsonValue value && AttributeValidator.TryGetInt64(value, out var bodyVersion) && bodyVersion is > 0 and < int.MaxValue)
        {
            expected = new ExpectedVersion(false, [(int)bodyVersion]);
            return true;
        }

        problem = Problems.Status(
            StatusCodes.Status428PreconditionRequired,
            "Version required",
            "Send the ETag you read in If-Match (or the listing's version in the body) so concurrent edits cannot overwrite each other.");
        return false;
    }

    internal static ProblemHttpResult VersionConflict(Listing current)
    {
        var details = new ProblemDetails
        {
            Title = "Listing was changed by someone else",
            Detail = $"Listing {current.Id} is at version {current.Version}; read it again and reapply your change.",
            Status = StatusCodes.Status412PreconditionFailed,
        };
        details.Extensions["currentVersion"] = current.Version;
        return TypedResults.Problem(details);
    }

    private static string? Text(JsonObject patch, string field, string? current, Dictionary<string, string[]> errors)
    {
        if (!patch.TryGetPropertyValue(field, out var node))
        {
            return current;
        }

        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        errors[field] = ["must be a string"];
        return current;
    }

    private static Money? ReadMoney(JsonNode node, Dictionary<string, string[]> errors)
    {
        var money = AttributeValidator.NormaliseMoney(node, out var error);
        if (money is null)
        {
            errors["price"] = [error!];
            return null;
        }

        return new Money((long)money["amount"]!, (string)money["currency"]!);
    }
}

/// <summary>The listing versions a conditional request accepts: any current one (<c>If-Match: *</c>) or those listed.</summary>
internal readonly record struct ExpectedVersion(bool Any, int[] Versions)
{
    public bool Matches(int current) => Any || Array.IndexOf(Versions, current) >= 0;
}
