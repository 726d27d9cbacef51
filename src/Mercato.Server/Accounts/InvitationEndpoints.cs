using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace Mercato.Server.Accounts;

public sealed class InvitationForm
{
    public string? Token { get; set; }

    public string? Name { get; set; }

    public string? Password { get; set; }
}

/// <summary>
/// <c>/account/invite?token=…</c>: the page an invitation e-mail links to. A signed-in person with the invited address
/// joins with one click; someone without an account creates one (the address is the invited one, so the link proves it);
/// someone with an account signs in first.
/// </summary>
internal static class InvitationEndpoints
{
    public static IEndpointRouteBuilder MapInvitationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/account/invite", ShowAsync).ExcludeFromDescription();
        routes.MapPost("/account/invite", AcceptAsync).ExcludeFromDescription().LimitPosts();
        return routes;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, Tenant tenant, Caller caller, Database database, TimeProvider time, string? token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var invitation = await InvitationStore.FindAsync(connection, null, tenant.Id, token, time.GetUtcNow());
        if (invitation is null)
        {
            return Invalid(tenant);
        }

        var existing = await UserStore.FindByEmailAsync(connection, tenant.Id, invitation.Email);
        return PageContext.Render(Page(http, tenant, caller, invitation, token!, existing, new Dictionary<string, string>()));
    }

    private static async Task<IResult> AcceptAsync(
        [FromForm] InvitationForm form, HttpContext http, Tenant tenant, Caller caller, Database database, UserStore users, InvitationStore invitations,
        TimeProvider time, CancellationToken ct)
    {
        // Hashed before the write transaction (PBKDF2 would hold SQLite's only write lock); unused when the account exists.
        var passwordHash = UserStore.CheckPassword(form.Password) is null ? await users.HashPasswordAsync(form.Password!, ct) : null;
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        var invitation = await InvitationStore.FindAsync(connection, transaction, tenant.Id, form.Token, time.GetUtcNow());
        if (invitation is null)
        {
            return Invalid(tenant);
        }

        var existing = await UserStore.FindByEmailAsync(connection, tenant.Id, invitation.Email);
        User user;
        if (existing is not null)
        {
            if (caller.UserId != existing.Id)
            {
                // Someone else's session, or none: the invited person signs in first.
                return PageContext.Render(Page(http, tenant, caller, invitation, form.Token!, existing, new Dictionary<string, string>()), 403);
            }

            user = existing;
        }
        else
        {
            var errors = new Dictionary<string, string>();
            if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Length > 100)
            {
                errors["name"] = "Give your name (up to 100 characters).";
            }

            if (UserStore.CheckPassword(form.Password) is { } passwordError)
            {
                errors["password"] = passwordError;
            }

            if (errors.Count > 0)
            {
                return PageContext.Render(Page(http, tenant, caller, invitation, form.Token!, null, errors), 400);
            }

            var id = await users.CreateAsync(connection, transaction, tenant.Id, invitation.Email, form.Name!, passwordHash!, Caller.ShopperRole);
            user = new User(id, invitation.Email, form.Name!.Trim(), Caller.ShopperRole);
        }

        await invitations.AcceptAsync(connection, transaction, tenant.Id, invitation, user.Id);
        var memberships = await UserStore.MembershipsOfAsync(connection, transaction, tenant.Id, user.Id);
        await transaction.CommitAsync(ct);
        await AccountEndpoints.SignInCookieAsync(http, tenant, user, memberships, time);
        return Results.Redirect($"/dashboard?seller={invitation.SellerId}&notice={Uri.EscapeDataString($"Welcome to {invitation.SellerName}.")}");
    }

    private static FormPageModel Page(
        HttpContext http, Tenant tenant, Caller caller, InvitationView invitation, string token, User? existing, Dictionary<string, string> errors)
    {
        var title = $"Join {invitation.SellerName}";
        var intro = $"You are invited to {invitation.SellerName} on {tenant.Name} as {invitation.Role}, with the address {invitation.Email}.";
        var hidden = new List<(string, string)> { ("token", token) };
        if (existing is null)
        {
            return PageContext.Form(http, tenant, title, "/account/invite",
            [
                new("name", "Your name") { Autocomplete = "name", Required = true, Error = errors.GetValueOrDefault("name") },
                new("password", "Choose a password") { Type = "password", Autocomplete = "new-password", Required = true, Help = $"At least {UserStore.MinPasswordLength} characters.", Error = errors.GetValueOrDefault("password") },
            ], "Create account and join") with
            {
                Intro = intro,
                Hidden = hidden,
                Error = errors.Count > 0 ? "Please correct the fields marked below." : null,
            };
        }

        if (caller.UserId == existing.Id)
        {
            return PageContext.Form(http, tenant, title, "/account/invite", [], "Join") with { Intro = intro, Hidden = hidden };
        }

        var back = $"/account/invite?token={Uri.EscapeDataString(token)}";
        return PageContext.Form(http, tenant, title, "/account/invite", [], "Join") with
        {
            Intro = intro,
            Hidden = hidden,
            Error = caller.UserId is null
                ? "You already have an account with this address: sign in first, then accept."
                : $"You are signed in with another account. Sign out, then sign in as {invitation.Email} to accept.",
            Links = [($"/account/login?returnUrl={Uri.EscapeDataString(back)}", "Sign in to accept")],
        };
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<Web.MessagePage> Invalid(Tenant tenant) =>
        new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<Web.MessagePage>(new
        {
            Tenant = tenant,
            Title = "Invitation",
            Message = "This invitation link is invalid, used or expired. Ask the seller's owner for a new one.",
        })
        { StatusCode = 400 };
}
