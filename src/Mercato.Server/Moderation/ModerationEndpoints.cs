using Mercato.Server.Accounts;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Moderation;

internal sealed record ModerationRequest(string? Reason);

/// <summary>The moderation API: hide and unhide listings, approve, suspend and reinstate sellers, read the decisions. Administrators only.</summary>
internal static class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModerationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/listings/{id:long}/hide", HideAsync)
            .WithTags("Moderation")
            .WithSummary("Hide a listing from shoppers")
            .WithDescription("Administrators only. The reason is required and shown to the seller; the listing leaves search at once. Hiding again replaces the reason.")
            .Accepts<ModerationRequest>("application/json");
        routes.MapPost("/api/listings/{id:long}/unhide", UnhideAsync)
            .WithTags("Moderation")
            .WithSummary("Show a hidden listing again")
            .WithDescription("Administrators only. An optional reason is recorded.")
            .Accepts<ModerationRequest>("application/json");
        foreach (var action in SellerAction.All)
        {
            routes.MapPost($"/api/sellers/{{id:long}}/{action}", (long id, HttpRequest http, Tenant tenant, Caller caller, ModerationStore store, CancellationToken ct) =>
                    ActOnSellerAsync(id, action, http, tenant, caller, store, ct))
                .WithTags("Moderation")
                .WithSummary($"{char.ToUpperInvariant(action[0])}{action[1..]} a seller")
                .WithDescription("Administrators only. Only an active seller's listings are public; approving or reinstating makes the seller active, suspending needs a reason.")
                .Accepts<ModerationRequest>("application/json");
        }

        routes.MapGet("/api/moderation/events", EventsAsync)
            .WithTags("Moderation")
            .WithSummary("Moderation decisions, newest first")
            .WithDescription("Administrators only. Optional filters: subject (listing or seller) and subjectId.");
        return routes;
    }

    private static async Task<Results<Ok<Listing>, ProblemHttpResult>> HideAsync(
        long id, HttpRequest http, Tenant tenant, Caller caller, ModerationStore store, ListingStore listings, CancellationToken cancellationToken)
    {
        if (Denied(caller) is { } denied)
        {
            return denied;
        }

        var (request, problem) = await RequestBody.ReadAsync<ModerationRequest>(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        if (ModerationStore.CheckReason(request.Reason, required: true) is { } error)
        {
            return Problems.Field("reason", error);
        }

        return await store.HideListingAsync(tenant.Id, id, request.Reason!, Actor(caller), cancellationToken)
            ? TypedResults.Ok((await listings.FindAsync(tenant.Id, id, cancellationToken))!)
            : Problems.NotFound($"Listing {id} does not exist.");
    }

    private static async Task<Results<Ok<Listing>, ProblemHttpResult>> UnhideAsync(
        long id, HttpRequest http, Tenant tenant, Caller caller, ModerationStore store, ListingStore listings, CancellationToken cancellationToken)
    {
        if (Denied(caller) is { } denied)
        {
            return denied;
        }

        var (request, problem) = await ReadOptionalAsync(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        return await store.UnhideListingAsync(tenant.Id, id, request.Reason, Actor(caller), cancellationToken)
            ? TypedResults.Ok((await listings.FindAsync(tenant.Id, id, cancellationToken))!)
            : Problems.NotFound($"Listing {id} does not exist.");
    }

    private static async Task<Results<Ok<Seller>, ProblemHttpResult>> ActOnSellerAsync(
        long id, string action, HttpRequest http, Tenant tenant, Caller caller, ModerationStore store, CancellationToken cancellationToken)
    {
        if (Denied(caller) is { } denied)
        {
            return denied;
        }

        var (request, problem) = await ReadOptionalAsync(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        if (ModerationStore.CheckReason(request.Reason, required: action == SellerAction.Suspend) is { } error)
        {
            return Problems.Field("reason", error);
        }

        return await store.ActOnSellerAsync(tenant.Id, id, action, request.Reason, Actor(caller), cancellationToken) is { } seller
            ? TypedResults.Ok(seller)
            : Problems.NotFound($"Seller {id} does not exist.");
    }

    private static async Task<Results<Ok<IReadOnlyList<ModerationEvent>>, ProblemHttpResult>> EventsAsync(
        Tenant tenant, Caller caller, ModerationStore store, CancellationToken cancellationToken, string? subject = null, long? subjectId = null, int limit = 100)
    {
        if (Denied(caller) is { } denied)
        {
            return denied;
        }

        if (subject is not null and not ("listing" or "seller"))
        {
            return Problems.Field("subject", "must be listing or seller");
        }

        if (limit is < 1 or > 500)
        {
            return Problems.Field("limit", "must be between 1 and 500");
        }

        return TypedResults.Ok(await store.EventsAsync(tenant.Id, subject, subjectId, limit, cancellationToken));
    }

    /// <summary>The name recorded with a decision.</summary>
    public static string Actor(Caller caller) =>
        caller.PlatformAdmin ? "platform administrator" : caller.Name is { Length: > 0 } name ? $"{name} (user {caller.UserId})" : "administrator";

    private static ProblemHttpResult? Denied(Caller caller) =>
        caller.IsAdmin ? null : caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();

    /// <summary>Unhide and approve may come without a body.</summary>
    private static async Task<(ModerationRequest? Request, ProblemHttpResult? Problem)> ReadOptionalAsync(HttpRequest http, CancellationToken cancellationToken) =>
        http.ContentLength is 0 || (http.ContentLength is null && !http.Headers.ContainsKey("Transfer-Encoding"))
            ? (new ModerationRequest(null), null)
            : await RequestBody.ReadAsync<ModerationRequest>(http, cancellationToken);
}
