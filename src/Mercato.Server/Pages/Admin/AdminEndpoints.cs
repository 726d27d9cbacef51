using System.Globalization;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Moderation;
using Mercato.Server.Pages.Storefront;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Pages.Admin;

/// <summary>
/// The marketplace administration pages: an overview, sellers (approve, suspend, reinstate), listing moderation (hide and
/// unhide with a reason) and settings (branding, seller approval). The platform administrator — the admin token, or its
/// cookie from <c>/admin/jobs</c> — also manages tenants and their host names. Everyone else gets 404 pages.
/// </summary>
internal static class AdminEndpoints
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").ExcludeFromDescription();
        admin.MapGet("/", HomeAsync);
        admin.MapGet("/sellers", SellersAsync);
        admin.MapPost("/sellers/{id:long}/{action}", ActOnSellerAsync);
        admin.MapGet("/listings", ListingsAsync);
        admin.MapPost("/listings/{id:long}/{action}", ActOnListingAsync);
        admin.MapGet("/settings", (HttpContext http, Tenant tenant, Caller caller) =>
            Gate(http, caller) is { } gate ? PageContext.Render(SettingsPage(http, tenant, tenant, gate.Platform, null, [])) : Refuse(http, tenant, caller));
        admin.MapPost("/settings", (HttpContext http, IFormCollection form, Tenant tenant, Caller caller, TenantStore store, TenantDirectory directory, CancellationToken ct) =>
            SaveSettingsAsync(http, form, tenant, tenant, caller, store, directory, ct));
        admin.MapGet("/orders", AdminOrders.ListAsync);
        admin.MapGet("/orders/{id:long}", AdminOrders.ShowAsync);
        admin.MapPost("/orders/{id:long}/{transition}", AdminOrders.FireAsync);
        admin.MapGet("/tenants", TenantsAsync);
        admin.MapPost("/tenants", CreateTenantAsync);
        admin.MapGet("/tenants/{slug}", EditTenantAsync);
        admin.MapPost("/tenants/{slug}", SaveTenantAsync);
        return routes;
    }

    /// <summary>Who may administer this tenant: its administrators, and the platform administrator.</summary>
    internal sealed record AdminGate(bool Platform, string Actor);

    internal static AdminGate? Gate(HttpContext http, Caller caller)
    {
        var platform = caller.PlatformAdmin || http.RequestServices.GetRequiredService<PlatformAdminAccess>().IsAuthorized(http);
        return platform ? new AdminGate(true, "platform administrator")
            : caller.TenantAdmin ? new AdminGate(false, ModerationEndpoints.Actor(caller))
            : null;
    }

    internal static IResult Refuse(HttpContext http, Tenant tenant, Caller caller) =>
        caller.IsAuthenticated
            ? StorefrontEndpoints.NotFoundPage(tenant, "There is no such page.")
            : Results.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");

    internal static AdminFrame Frame(HttpContext http, Tenant tenant, AdminGate gate, string? notice, string? error = null)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var nav = PageContext.Nav(http);
        return new AdminFrame(tenant, nav with { Admin = true, UserName = nav.UserName ?? gate.Actor }, gate.Platform, tokens.FormFieldName, tokens.RequestToken!, notice, error);
    }

    private static RazorComponentResult<TComponent> Render<TComponent>(object model, int status = 200)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TComponent>(new { Model = model }) { StatusCode = status };

    private static async Task<IResult> HomeAsync(HttpContext http, Tenant tenant, Caller caller, Database database, ModerationStore moderation, string? notice, CancellationToken ct)
    {
        if (Gate(http, caller) is not { } gate)
        {
            return Refuse(http, tenant, caller);
        }

        await using var connection = await database.OpenAsync(ct);
        var counts = await SellerAdminQueries.StatusCountsAsync(connection, tenant.Id);
        var hidden = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM listing_holds WHERE tenant_id = @Id", new { tenant.Id });
        var listings = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM listings WHERE tenant_id = @Id", new { tenant.Id });
        var recent = await moderation.EventsAsync(tenant.Id, null, null, 20, ct);
        return Render<AdminHomePage>(new AdminHomeModel(Frame(http, tenant, gate, notice), (int)counts.Pending, (int)counts.Suspended, (int)hidden, (int)listings, recent));
    }

    private static async Task<IResult> SellersAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, string? status, string? q, string? notice, string? error, CancellationToken ct)
    {
        if (Gate(http, caller) is not { } gate)
        {
            return Refuse(http, tenant, caller);
        }

        status = SellerStatus.All.Contains(status) ? status : null;
        await using var connection = await database.OpenAsync(ct);
        var sellers = (await SellerAdminQueries.ListAsync(connection, tenant.Id, status, q, PageSize))
            .Select(r => new AdminSellerRow(r.Seller, (int)r.Listings, SellerAction.For(r.Seller.Status))).ToList();
        return Render<AdminSellersPage>(new AdminSellersModel(Frame(http, tenant, gate, notice, error), sellers, status, q));
    }

    private static async Task<IResult> ActOnSellerAsync(
        long id, string action, HttpContext http, IFormCollection form, Tenant tenant, Caller caller, ModerationStore moderation, CancellationToken ct)
    {
        if (Gate(http, caller) is not { } gate)
        {
            return Refuse(http, tenant, caller);
        }

        if (!SellerAction.All.Contains(action))
        {
            return StorefrontEndpoints.NotFoundPage(tenant, "There is no such page.");
        }

        var reason = form["reason"].ToString();
        var back = SafeBack(form, "/admin/sellers");
        if (ModerationStore.CheckReason(reason, required: action == SellerAction.Suspend) is { } error)
        {
            return Results.Redirect(WithMessage(back, "error", $"Reason: {error}."));
        }

        var seller = await moderation.ActOnSellerAsync(tenant.Id, id, action, reason, gate.Actor, ct);
        return seller is null
            ? StorefrontEndpoints.NotFoundPage(tenant, $"Seller {id} does not exist.")
            : Results.Redirect(WithMessage(back, "notice", $"{seller.Name} is {seller.Status}."));
    }

    private static async Task<IResult> ListingsAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, ListingStore store, string? q, bool? hidden, string? notice, string? error, CancellationToken ct)
    {
        if (Gate(http, caller) is not { } gate)
        {
            return Refuse(http, tenant, caller);
        }

        var query = q?.Trim();
        var hiddenOnly = hidden == true;
        await using var connection = await database.OpenAsync(ct);
        var pattern = string.IsNullOrEmpty(query) ? null : $"%{query.Replace("%", "", StringComparison.Ordinal)}%";
        var byId = long.TryParse(query, CultureInfo.InvariantCulture, out var exactId) ? exactId : (long?)null;
        var ids = (await connection.QueryAsync<long>(
            $"""
            SELECT l.id FROM listings l {(hiddenOnly ? "JOIN listing_holds h ON h.listing_id = l.id" : "")}
            WHERE l.tenant_id = @Id
            {(byId is not null ? "AND l.id = @byId" : pattern is not null ? "AND (lower(l.title) LIKE lower(@pattern) OR l.external_id = @query)" : "")}
            ORDER BY l.id DESC LIMIT {PageSize}
            """,
            new { tenant.Id, byId, pattern, query })).ToList();
        var found = await store.FindManyAsync(tenant.Id, ids, ct);
        var sellerNames = await SellerAdminQueries.NamesAsync(connection, database, tenant.Id, found.Values.Select(l => l.SellerId));
        var rows = ids.Where(found.ContainsKey).Select(i => new AdminListingRow(found[i], sellerNames.GetValueOrDefault(found[i].SellerId, "?"))).ToList();
        return Render<AdminListingsPage>(new AdminListingsModel(Frame(http, tenant, gate, notice, error), rows, query, hiddenOnly));
    }

    private static async Task<IResult> ActOnListingAsync(
        long id, string action, HttpContext http, IFormCollection form, Tenant tenant, Caller caller, ModerationStore moderation, CancellationToken ct)
    {
        if (Gate(http, caller) is not { } gate)
        {
            return Refuse(http, tenant, caller);
        }

        if (action is not ("hide" or "unhide"))
        {
            return StorefrontEndpoints.NotFoundPage(tenant, "There is no such page.");
        }

        var reason = form["reason"].ToString();
        var back = SafeBack(form, "/admin/listings");
        if (ModerationStore.CheckReason(reason, required: action == "hide") is { } error)
        {
            return Results.Redirect(WithMessage(back, "error", $"Listing {id}: reason {error}."));
        }

        var done = action == "hide"
            ? await moderation.HideListingAsync(tenant.Id, id, reason, gate.Actor, ct)
            : await moderation.UnhideListingAsync(tenant.Id, id, reason, gate.Actor, ct);
        return done
            ? Results.Redirect(WithMessage(back, "notice", action == "hide" ? $"Listing {id} is hidden from shoppers." : $"Listing {id} is shown again."))
            : StorefrontEndpoints.NotFoundPage(tenant, $"Listing {id} does not exist.");
    }

    private static async Task<IResult> TenantsAsync(HttpContext http, Tenant tenant, Caller caller, TenantStore store, string? notice, CancellationToken ct)
    {
        if (Gate(http, caller) is not { Platform: true } gate)
        {
            return Refuse(http, tenant, caller);
        }

        return Render<AdminTenantsPage>(new AdminTenantsModel(Frame(http, tenant, gate, notice), await store.ListAsync(ct)));
    }

    private static async Task<IResult> CreateTenantAsync(
        HttpContext http, IFormCollection form, Tenant tenant, Caller caller, TenantStore store, TenantDirectory directory, CancellationToken ct)
    {
        if (Gate(http, caller) is not { Platform: true } gate)
        {
            return Refuse(http, tenant, caller);
        }

        var errors = new Dictionary<string, string>();
        var slug = form["slug"].ToString().Trim().ToLowerInvariant();
        if (TenantRules.CheckSlug(slug) is { } slugError)
        {
            errors["slug"] = $"The short name {slugError}.";
        }
        else if (await store.FindAsync(slug, ct) is not null)
        {
            errors["slug"] = $"A marketplace '{slug}' exists already.";
        }

        var name = form["name"].ToString().Trim();
        if (name.Length is 0 or > 100)
        {
            errors["name"] = "Give the marketplace a name of up to 100 characters.";
        }

        var currency = form["currency"].ToString().Trim().ToUpperInvariant();
        if (TenantRules.CheckCurrency(currency) is { } currencyError)
        {
            errors["currency"] = currencyError;
        }

        var verticals = form["verticals"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct().ToList();
        if ((verticals.Count == 0 ? "choose at least one" : TenantRules.CheckVerticals(verticals)) is { } verticalError)
        {
            errors["verticals"] = $"Verticals: {verticalError}.";
        }

        var hosts = await HostsAsync(form, store, null, errors, ct);
        if (errors.Count > 0)
        {
            var frame = Frame(http, tenant, gate, null, string.Join(" ", errors.Values));
            return Render<AdminTenantsPage>(new AdminTenantsModel(frame, await store.ListAsync(ct)), 400);
        }

        await store.CreateAsync(new TenantStore.NewTenant(slug, name, hosts, currency, verticals, TenantBranding.Default), ct);
        directory.Invalidate();
        return Results.Redirect($"/admin/tenants?notice={Uri.EscapeDataString($"Marketplace {slug} created.")}");
    }

    private static async Task<IResult> EditTenantAsync(string slug, HttpContext http, Tenant tenant, Caller caller, TenantStore store, CancellationToken ct)
    {
        if (Gate(http, caller) is not { Platform: true })
        {
            return Refuse(http, tenant, caller);
        }

        return await store.FindAsync(slug, ct) is { } target
            ? PageContext.Render(SettingsPage(http, tenant, target, true, null, []))
            : StorefrontEndpoints.NotFoundPage(tenant, $"There is no marketplace '{slug}'.");
    }

    private static async Task<IResult> SaveTenantAsync(
        string slug, HttpContext http, IFormCollection form, Tenant tenant, Caller caller, TenantStore store, TenantDirectory directory, CancellationToken ct)
    {
        if (Gate(http, caller) is not { Platform: true })
        {
            return Refuse(http, tenant, caller);
        }

        return await store.FindAsync(slug, ct) is { } target
            ? await SaveSettingsAsync(http, form, tenant, target, caller, store, directory, ct)
            : StorefrontEndpoints.NotFoundPage(tenant, $"There is no marketplace '{slug}'.");
    }

    /// <summary>Saves the name, branding, seller approval and (platform administrator only) host names of <paramref name="target"/>.</summary>
    private static async Task<IResult> SaveSettingsAsync(
        HttpContext http, IFormCollection form, Tenant tenant, Tenant target, Caller caller, TenantStore store, TenantDirectory directory, CancellationToken ct)
    {
        if (Gate(http, caller) is not { } gate)
        {
            return Refuse(http, tenant, caller);
        }

        var errors = new Dictionary<string, string>();
        var name = form["name"].ToString().Trim();
        if (name.Length is 0 or > 100)
        {
            errors["name"] = "Give the marketplace a name of up to 100 characters.";
        }

        var displayName = form["displayName"].ToString().Trim();
        if (displayName.Length > 100)
        {
            errors["displayName"] = "Use at most 100 characters.";
        }

        var primary = form["primaryColor"].ToString().Trim();
        var accent = form["accentColor"].ToString().Trim();
        var logo = form["logoUrl"].ToString().Trim();
        foreach (var (field, error) in new[]
                 {
                     ("primaryColor", TenantRules.CheckColor(primary)),
                     ("accentColor", TenantRules.CheckColor(accent)),
                     ("logoUrl", logo.Length > 500 ? "Use at most 500 characters." : TenantRules.CheckLogoUrl(logo.Length == 0 ? null : logo)),
                 })
        {
            if (error is not null)
            {
                errors[field] = error;
            }
        }

        var hosts = gate.Platform ? await HostsAsync(form, store, target.Id, errors, ct) : target.Hosts.ToList();
        if (errors.Count > 0)
        {
            return PageContext.Render(SettingsPage(http, tenant, target, gate.Platform, form, errors), 400);
        }

        var updated = target with
        {
            Name = name,
            Branding = new TenantBranding(displayName.Length == 0 ? null : displayName, primary, accent, logo.Length == 0 ? null : logo),
            Hosts = hosts,
            SellerApproval = form["sellerApproval"] == "true",
        };
        await store.UpdateAsync(updated, ct);
        directory.Invalidate();
        return PageContext.Render(SettingsPage(http, target.Id == tenant.Id ? updated : tenant, updated, gate.Platform, null, []) with { Notice = "Saved." });
    }

    private static async Task<List<string>> HostsAsync(IFormCollection form, TenantStore store, long? tenantId, Dictionary<string, string> errors, CancellationToken ct)
    {
        var hosts = form["hosts"].ToString()
            .Split(['\n', '\r', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.ToLowerInvariant()).Distinct().ToList();
        var bad = hosts.Select(TenantRules.CheckHost).FirstOrDefault(e => e is not null);
        if (bad is not null)
        {
            errors["hosts"] = $"{bad}.";
            return hosts;
        }

        var taken = await store.HostsTakenAsync(hosts, tenantId, ct);
        if (taken.Count > 0)
        {
            errors["hosts"] = $"{string.Join(", ", taken)} already serve(s) another marketplace.";
        }

        return hosts;
    }

    private static FormPageModel SettingsPage(HttpContext http, Tenant tenant, Tenant target, bool platform, IFormCollection? posted, Dictionary<string, string> errors)
    {
        string? Value(string name, string? current) => posted is null ? current : posted[name].ToString();
        var fields = new List<FormField>
        {
            new("name", "Marketplace name") { Value = Value("name", target.Name), Required = true, Error = errors.GetValueOrDefault("name") },
            new("displayName", "Name shown in the header") { Value = Value("displayName", target.Branding.DisplayName), Help = "Leave empty to show the marketplace name.", Error = errors.GetValueOrDefault("displayName") },
            new("primaryColor", "Main colour") { Type = "color", Value = Value("primaryColor", target.Branding.PrimaryColor), Required = true, Error = errors.GetValueOrDefault("primaryColor") },
            new("accentColor", "Accent colour") { Type = "color", Value = Value("accentColor", target.Branding.AccentColor), Required = true, Error = errors.GetValueOrDefault("accentColor") },
            new("logoUrl", "Logo URL") { Type = "url", Value = Value("logoUrl", target.Branding.LogoUrl), Help = "An https address of an image about 2 rem high.", Error = errors.GetValueOrDefault("logoUrl") },
            new("sellerApproval", "New sellers wait for approval before their listings are shown") { Type = "checkbox", Value = Value("sellerApproval", target.SellerApproval ? "true" : null) },
        };
        if (platform)
        {
            fields.Add(new FormField("hosts", "Host names") { Type = "textarea", Value = Value("hosts", string.Join('\n', target.Hosts)), Help = "One per line, without port.", Error = errors.GetValueOrDefault("hosts") });
        }

        var action = target.Id == tenant.Id ? "/admin/settings" : $"/admin/tenants/{target.Slug}";
        return PageContext.Form(http, tenant, $"Settings of {target.Name}", action, fields, "Save settings") with
        {
            Error = errors.Count > 0 ? "Please correct the fields marked below." : null,
            Links = platform ? [("/admin", "Back to administration"), ("/admin/tenants", "All marketplaces")] : [("/admin", "Back to administration")],
            Nav = PageContext.Nav(http) with { Admin = true },
        };
    }

    /// <summary>Where to go after an action: the page the form came from when it is one of ours.</summary>
    private static string SafeBack(IFormCollection form, string fallback)
    {
        var back = PageContext.SafeReturnUrl(form["back"].ToString(), fallback);
        return back.StartsWith("/admin", StringComparison.Ordinal) ? back : fallback;
    }

    /// <summary>The URL with this notice or error in place of the one it carried.</summary>
    private static string WithMessage(string url, string key, string message)
    {
        var (path, query) = url.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? (url[..at], url[at..]) : (url, "");
        var kept = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)
            .Where(p => p.Key is not ("notice" or "error"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create(key, (string?)message));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, kept);
    }
}
