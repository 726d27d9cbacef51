using System.Text.RegularExpressions;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Catalog;

internal sealed record CreateCategoryRequest(string? Slug, string? Name, string? Parent, List<AttributeDefinition>? Attributes);

/// <summary>A category under an existing one inherits its attributes and may add its own.</summary>
internal static partial class CreateCategory
{
    private static readonly HashSet<string> Reserved = ["id", "title", "description", "price", "status", "category", "seller", "externalId", "created", "updated"];

    public static async Task<Results<Created<CategoryView>, ProblemHttpResult>> HandleAsync(
        HttpRequest http, Tenant tenant, Caller caller, Database database, CategoryStore store, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        var (request, problem) = await RequestBody.ReadAsync<CreateCategoryRequest>(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var existing = await CategoryStore.ListAsync(connection, tenant.Id, transaction);
        var errors = new Dictionary<string, string[]>();
        if (request.Slug is null || !SlugPattern().IsMatch(request.Slug))
        {
            errors["slug"] = ["must be 2–63 characters of a–z, 0–9 and '-'"];
        }
        else if (existing.Any(c => c.Slug == request.Slug))
        {
            errors["slug"] = [$"'{request.Slug}' is taken"];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["is required, at most 100 characters"];
        }

        var parent = request.Parent is null ? null : existing.FirstOrDefault(c => c.Slug == request.Parent);
        if (request.Parent is not null && parent is null)
        {
            errors["parent"] = [$"'{request.Parent}' is not a category of this marketplace"];
        }

        var attributes = request.Attributes ?? [];
        var inherited = parent?.Attributes.Select(a => a.Name).ToHashSet() ?? [];
        for (var i = 0; i < attributes.Count; i++)
        {
            var error = Check(attributes[i], inherited, attributes.Take(i));
            if (error is not null)
            {
                errors[$"attributes[{i}]"] = [error];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var vertical = parent?.Vertical ?? "custom";
        var id = await store.InsertAsync(connection, transaction, tenant.Id, parent?.Id, request.Slug!, request.Name!.Trim(), vertical, attributes);
        await transaction.CommitAsync(cancellationToken);
        var created = (await store.ListAsync(tenant.Id, cancellationToken)).First(c => c.Id == id);
        return TypedResults.Created($"/api/categories/{created.Slug}", CategoryView.From(created, parent?.Slug));
    }

    private static string? Check(AttributeDefinition attribute, HashSet<string> inherited, IEnumerable<AttributeDefinition> earlier)
    {
        if (!NamePattern().IsMatch(attribute.Name) || Reserved.Contains(attribute.Name))
        {
            return $"name '{attribute.Name}' must be 1–63 characters of a–z, 0–9 and '_', starting with a letter, and not a listing field";
        }

        if (inherited.Contains(attribute.Name) || earlier.Any(a => a.Name == attribute.Name))
        {
            return $"name '{attribute.Name}' is already an attribute of this category";
        }

        if (attribute.Min > attribute.Max)
        {
            return "min must not be greater than max";
        }

        if (attribute.AllowedValues is not null && attribute.Type is not (AttributeType.Keyword or AttributeType.KeywordList))
        {
            return "allowedValues applies to keyword and keyword_list attributes only";
        }

        if (attribute.Format is not null && (attribute.Format != "vin" || attribute.Type != AttributeType.Keyword))
        {
            return "format 'vin' on a keyword attribute is the only format";
        }

        if (attribute.Facetable && attribute.Type is AttributeType.Text or AttributeType.GeoPoint or AttributeType.PriceTiers)
        {
            return $"a {attribute.Type} attribute cannot be a facet";
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex NamePattern();
}

/// <summary>A category as the API shows it: its full (inherited) schema.</summary>
internal sealed record CategoryView(string Slug, string Name, string? Parent, string Vertical, IReadOnlyList<AttributeDefinition> Attributes)
{
    public static CategoryView From(Category category, string? parentSlug) =>
        new(category.Slug, category.Name, parentSlug, category.Vertical, category.Attributes);
}
