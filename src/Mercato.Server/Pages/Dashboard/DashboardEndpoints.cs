using System.Globalization;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Pages.Dashboard;

/// <summary>
/// The seller dashboard: listings (search, status filter, bulk archive), schema-driven create and edit forms, leads
/// and API keys. Every action checks that the signed-in person manages the seller; another seller's ids are 404.
/// </summary>
internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        // Every dashboard page acts for one seller the caller manages (or owns, for keys and the team): one filter finds
        // it before the handler runs, or answers with sign-in, the administrators' seller list or a 404 page. Form posts
        // read the form themselves (a filter and a bound IFormCollection do not mix), so the antiforgery check is asked
        // for explicitly; the antiforgery middleware runs it on every POST of the group.
        var dashboard = routes.MapGroup("/dashboard").ExcludeFromDescription()
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(DashboardSeller.FilterAsync);
        dashboard.MapGet("/", ShowAsync);
        dashboard.MapPost("/listings/archive", ArchiveAsync);
        dashboard.MapGet("/listings/new", NewListingAsync);
        dashboard.MapPost("/listings/new", CreateListingAsync);
        dashboard.MapGet("/listings/{id:long}/edit", EditListingAsync).WithMetadata(DashboardSeller.FromListing);
        dashboard.MapPost("/listings/{id:long}/edit", UpdateListingAsync).WithMetadata(DashboardSeller.FromListing);
        dashboard.MapPost("/keys", CreateKeyAsync).WithMetadata(DashboardSeller.OwnerOnly);
        dashboard.MapPost("/keys/{id:long}/revoke", RevokeKeyAsync).WithMetadata(DashboardSeller.OwnerOnly);
        dashboard.MapGet("/orders", DashboardOrders.ListAsync);
        dashboard.MapGet("/orders/{id:long}", DashboardOrders.ShowAsync);
        dashboard.MapPost("/orders/{id:long}/{transition}", DashboardOrders.FireAsync);
        dashboard.MapGet("/payments", DashboardPayments.ShowAsync);
        dashboard.MapPost("/payments/onboard", DashboardPayments.OnboardAsync);
        dashboard.MapGet("/imports", ImportsAsync);
        dashboard.MapGet("/imports/{id:long}", ImportAsync);
        dashboard.MapPost("/imports", UploadAsync)
            .DisableAntiforgery() // checked by CreateImport once the token field is read from the multipart stream
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute());
        dashboard.MapPost("/team/invite", InviteAsync).LimitPosts().WithMetadata(DashboardSeller.OwnerOnly);
        dashboard.MapPost("/team/invitations/{id:long}/revoke", RevokeInvitationAsync).WithMetadata(DashboardSeller.OwnerOnly);
        dashboard.MapPost("/team/members/{userId:long}/remove", RemoveMemberAsync).WithMetadata(DashboardSeller.OwnerOnly);
        return routes;
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CategoryStore categories, ApiKeyStore keys,
        string? q, string? status, string? notice, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);

        var ids = await ListingStore.SellerListingIdsAsync(connection, tenant.Id, current.Id, q, status, 200);
        var listings = await http.RequestServices.GetRequiredService<ListingStore>().FindManyAsync(tenant.Id, ids, ct);
        var leads = await LeadStore.NewestAsync(connection, tenant.Id, current.Id, 100);
        var owner = caller.CanOwn(current.Id);
        var keyViews = owner
            ? (await keys.ListAsync(tenant.Id, current.Id, ct)).Select(k => new KeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList()
            : [];
        var team = http.RequestServices.GetRequiredService<InvitationStore>();
        var mine = new List<Seller>();
        foreach (var id in caller.Sellers.Order())
        {
            if (await SellerStore.FindAsync(connection, null, tenant.Id, id) is { } s)
            {
                mine.Add(s);
            }
        }

        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var model = new DashboardModel(
            tenant, current, mine, ids.Where(listings.ContainsKey).Select(i => listings[i]).ToList(),
            (await categories.ListAsync(tenant.Id, ct)).Where(c => tenant.Verticals.Contains(c.Vertical) || c.Vertical == "custom").ToList(),
            leads.ToList(), keyViews, q, status, notice, http.Items["new-key"] as string, tokens.FormFieldName, tokens.RequestToken!, PageContext.Nav(http))
        {
            IsOwner = owner,
            Members = owner ? await team.MembersAsync(tenant.Id, current.Id, ct) : [],
            Invitations = owner ? await team.OpenAsync(tenant.Id, current.Id, ct) : [],
        };
        return new RazorComponentResult<DashboardPage>(new { Model = model });
    }

    private static async Task<IResult> ArchiveAsync(
        HttpContext http, Tenant tenant, Database database, ListingStore listings, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var current = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);

        var archived = 0;
        foreach (var raw in form["ids"])
        {
            if (!long.TryParse(raw, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            await using var transaction = await Database.BeginWriteAsync(connection, ct);
            var listing = await ListingStore.FindAsync(connection, transaction, tenant.Id, id);
            if (listing is null || listing.SellerId != current.Id || listing.Status == ListingStatus.Archived)
            {
                continue;
            }

            var category = (await CategoryStore.ListAsync(connection, tenant.Id, transaction)).First(c => c.Slug == listing.Category);
            var content = new ListingContent(listing.ExternalId, listing.SellerId, category, ListingStatus.Archived, listing.Title, listing.Description, listing.Price, listing.Attributes);
            if (await listings.UpdateAsync(connection, transaction, tenant.Id, id, listing.Version, content))
            {
                archived++;
            }

            await transaction.CommitAsync(ct);
        }

        return Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString($"{archived} listing(s) archived.")}");
    }

    private static async Task<IResult> NewListingAsync(
        HttpContext http, Tenant tenant, Database database, string? category, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);

        var schema = (await CategoryStore.ListAsync(connection, tenant.Id)).FirstOrDefault(c => c.Slug == category);
        return schema is null
            ? Storefront.StorefrontEndpoints.NotFoundPage(tenant, "Choose a category from the dashboard.")
            : PageContext.Render(EditorPage(http, tenant, current, schema, null, null, new Dictionary<string, string[]>()));
    }

    private static async Task<IResult> CreateListingAsync(
        HttpContext http, Tenant tenant, Database database, ListingStore listings, string? category, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var current = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);

        var schema = (await CategoryStore.ListAsync(connection, tenant.Id)).FirstOrDefault(c => c.Slug == category);
        if (schema is null)
        {
            return Storefront.StorefrontEndpoints.NotFoundPage(tenant, "Choose a category from the dashboard.");
        }

        var errors = new Dictionary<string, string[]>();
        var (title, description, price, status, attributes) = ListingForm.Read(schema, form, tenant.DefaultCurrency, errors);
        var content = ListingRules.Validate(null, current, schema, status, title, description, price, attributes, errors);
        if (content is null || errors.Count > 0)
        {
            return PageContext.Render(EditorPage(http, tenant, current, schema, form, null, errors), 400);
        }

        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        var id = await listings.InsertAsync(connection, transaction, tenant.Id, content);
        await transaction.CommitAsync(ct);
        return Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString($"Listing {id} created.")}");
    }

    private static async Task<IResult> EditListingAsync(
        long id, HttpContext http, Tenant tenant, Database database, CancellationToken ct)
    {
        var seller = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);
        var listing = await ListingStore.FindAsync(connection, null, tenant.Id, id);
        if (listing is null || listing.SellerId != seller.Id)
        {
            return Storefront.StorefrontEndpoints.NotFoundPage(tenant, $"Listing {id} does not exist.");
        }

        var schema = (await CategoryStore.ListAsync(connection, tenant.Id)).First(c => c.Slug == listing.Category);
        return PageContext.Render(EditorPage(http, tenant, seller, schema, null, listing, new Dictionary<string, string[]>()));
    }

    private static async Task<IResult> UpdateListingAsync(
        long id, HttpContext http, Tenant tenant, Database database, ListingStore listings, CancellationToken ct)
    {
        var seller = DashboardSeller.Of(http);
        var form = await http.Request.ReadFormAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        var listing = await ListingStore.FindAsync(connection, transaction, tenant.Id, id);
        if (listing is null || listing.SellerId != seller.Id)
        {
            return Storefront.StorefrontEndpoints.NotFoundPage(tenant, $"Listing {id} does not exist.");
        }

        var schema = (await CategoryStore.ListAsync(connection, tenant.Id, transaction)).First(c => c.Slug == listing.Category);
        var errors = new Dictionary<string, string[]>();
        var (title, description, price, status, attributes) = ListingForm.Read(schema, form, listing.Price?.Currency ?? tenant.DefaultCurrency, errors);
        if (attributes["location"] is null && listing.Attributes["location"] is { } location)
        {
            attributes["location"] = location.DeepClone();
        }

        var content = ListingRules.Validate(listing.ExternalId, seller, schema, status, title, description, price, attributes, errors);
        if (!int.TryParse(form["version"], CultureInfo.InvariantCulture, out var version) || version != listing.Version)
        {
            errors["title"] = ["Someone changed this listing since you opened it; the form now shows their version. Reapply your change."];
            return PageContext.Render(EditorPage(http, tenant, seller, schema, null, listing, errors), 409);
        }

        if (content is null || errors.Count > 0)
        {
            return PageContext.Render(EditorPage(http, tenant, seller, schema, form, listing, errors), 400);
        }

        await listings.UpdateAsync(connection, transaction, tenant.Id, id, version, content);
        await transaction.CommitAsync(ct);
        return Results.Redirect($"/dashboard?seller={seller.Id}&notice={Uri.EscapeDataString($"Listing {id} saved.")}");
    }

    private static async Task<IResult> CreateKeyAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CategoryStore categories, ApiKeyStore keys, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);
        var form = await http.Request.ReadFormAsync(ct);
        var name = form["name"].ToString().Trim();
        if (name.Length is 0 or > 80)
        {
            return Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString("Give the key a name of up to 80 characters.")}#keys");
        }

        var (_, key) = await keys.CreateAsync(tenant.Id, current.Id, name, ct);
        http.Items["new-key"] = key;

        // Rendered directly rather than redirected: the key is shown once and never stored in clear.
        return await ShowAsync(http, tenant, caller, database, categories, keys, null, null, "API key created.", ct);
    }

    private static async Task<IResult> RevokeKeyAsync(
        long id, HttpContext http, Tenant tenant, ApiKeyStore keys, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);

        var revoked = await keys.RevokeAsync(tenant.Id, current.Id, id, ct);
        return revoked
            ? Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString("API key revoked.")}#keys")
            : Storefront.StorefrontEndpoints.NotFoundPage(tenant, "No such API key.");
    }

    private static async Task<IResult> ImportsAsync(
        HttpContext http, Tenant tenant, Feeds.FeedImportStore imports, IOptions<Feeds.FeedsOptions> feeds,
        CancellationToken ct)
    {
        return await ImportsPageAsync(http, tenant, DashboardSeller.Of(http), imports, feeds.Value, null, null, 200, ct);
    }

    private static async Task<IResult> ImportAsync(
        long id, HttpContext http, Tenant tenant, Database database, Feeds.FeedImportStore imports, IOptions<Feeds.FeedsOptions> feeds,
        CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);

        var record = await imports.FindAsync(connection, null, tenant.Id, id);
        return record is null || record.SellerId != current.Id
            ? Storefront.StorefrontEndpoints.NotFoundPage(tenant, $"Import {id} does not exist.")
            : await ImportsPageAsync(http, tenant, current, imports, feeds.Value, ImportView.From(record), null, 200, ct);
    }

    private static async Task<IResult> UploadAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, DatabaseOptions databaseOptions, Feeds.FeedImportStore imports, Jobs.JobClient jobs,
        IOptions<Feeds.FeedsOptions> feeds, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);
        var (record, refused) = await Feeds.CreateImport.CreateAsync(http.Request, tenant, caller, database, databaseOptions, imports, jobs, feeds.Value, ct);
        if (record is null)
        {
            var detail = refused!.ProblemDetails;
            var message = detail is HttpValidationProblemDetails validation && validation.Errors.Count > 0
                ? string.Join(" ", validation.Errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}."))
                : detail.Detail ?? detail.Title ?? "The upload was refused.";
            return await ImportsPageAsync(http, tenant, current, imports, feeds.Value, null, message, detail.Status ?? 400, ct);
        }

        return Results.Redirect($"/dashboard/imports/{record.Id}?seller={current.Id}");
    }

    private static async Task<IResult> ImportsPageAsync(
        HttpContext http, Tenant tenant, Seller seller, Feeds.FeedImportStore imports, Feeds.FeedsOptions feeds, ImportView? current, string? error, int status,
        CancellationToken ct)
    {
        var recent = current is null ? (await imports.ListAsync(tenant.Id, long.MaxValue, 50, seller.Id, ct)).Select(ImportView.From).ToList() : [];
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var model = new ImportsModel(tenant, seller, PageContext.Nav(http), tokens.FormFieldName, tokens.RequestToken!, recent, current, error, feeds.MaxUploadBytes);
        return new RazorComponentResult<ImportsPage>(new { Model = model }) { StatusCode = status };
    }

    private static async Task<IResult> InviteAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, InvitationStore invitations, Outbox outbox,
        CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var current = DashboardSeller.Of(http);
        await using var connection = await database.OpenAsync(ct);

        var email = form["email"].ToString().Trim();
        var role = form["role"].ToString();
        var error = UserStore.CheckEmail(email) ?? (Membership.Roles.Contains(role) ? null : "Choose owner or staff.");
        if (error is not null)
        {
            return Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString($"Not invited: {error}")}#team");
        }

        if (http.RequestServices.GetRequiredService<AccountFormLimits.TargetLimiter>().Check(http, FormLimit.Invitation, email) is { } refused)
        {
            return refused;
        }

        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        var token = await invitations.CreateAsync(connection, transaction, tenant.Id, current.Id, email, role, caller.UserId);
        var link = $"{http.Request.Scheme}://{http.Request.Host}/account/invite?token={Uri.EscapeDataString(token)}";
        await outbox.SendAsync(connection, transaction, tenant.Id, email, $"Join {current.Name} on {tenant.Name}",
            $"Hello,\n\n{caller.Name ?? "The owner"} invites you to work for {current.Name} on {tenant.Name} as {role}.\nAccept within {InvitationStore.Lifetime.TotalDays:0} days: {link}\n\nIf you did not expect this, ignore this message.");
        await transaction.CommitAsync(ct);
        return Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString($"Invitation sent to {email}.")}#team");
    }

    private static async Task<IResult> RevokeInvitationAsync(
        long id, HttpContext http, Tenant tenant, InvitationStore invitations, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);

        return await invitations.RevokeAsync(tenant.Id, current.Id, id, ct)
            ? Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString("Invitation withdrawn.")}#team")
            : Storefront.StorefrontEndpoints.NotFoundPage(tenant, "No such invitation.");
    }

    private static async Task<IResult> RemoveMemberAsync(
        long userId, HttpContext http, Tenant tenant, InvitationStore invitations, CancellationToken ct)
    {
        var current = DashboardSeller.Of(http);

        var (removed, refusal) = await invitations.RemoveMemberAsync(tenant.Id, current.Id, userId, ct);
        return removed || refusal is not null
            ? Results.Redirect($"/dashboard?seller={current.Id}&notice={Uri.EscapeDataString(refusal ?? "Removed from the team.")}#team")
            : Storefront.StorefrontEndpoints.NotFoundPage(tenant, "No such member.");
    }

    private static FormPageModel EditorPage(
        HttpContext http, Tenant tenant, Seller seller, Category category, IFormCollection? posted, Listing? listing, Dictionary<string, string[]> errors)
    {
        var action = listing is null ? $"/dashboard/listings/new?seller={seller.Id}&category={category.Slug}" : $"/dashboard/listings/{listing.Id}/edit";
        var title = listing is null ? $"New {category.Name} listing" : $"Edit {listing.Title}";
        return PageContext.Form(http, tenant, title, action, ListingForm.Fields(category, posted, listing, errors), listing is null ? "Create listing" : "Save changes") with
        {
            Intro = $"For {seller.Name}. Fields marked * are required.",
            Error = errors.Count > 0 ? "Please correct the fields marked below." : null,
            Hidden = listing is null ? [] : [("version", listing.Version.ToString(CultureInfo.InvariantCulture))],
            Links = [($"/dashboard?seller={seller.Id}", "Back to the dashboard")],
        };
    }
}
