using System.Globalization;
using System.Security.Claims;
using Dapper;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Mercato.Server.Accounts;

/// <summary>The account pages: sign-in, sign-out (here and everywhere), the account page; sign-up and password reset have their own files.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/", ShowAccount);
        account.MapGet("/login", (HttpContext http, Tenant tenant, string? returnUrl) => PageContext.Render(SignInPage(http, tenant, new SignInForm { ReturnUrl = returnUrl }, null)));
        account.MapPost("/login", SignInAsync).LimitPosts();
        account.MapPost("/logout", SignOutAsync);
        account.MapPost("/logout-everywhere", SignOutEverywhereAsync);
        account.MapGet("/signup", (HttpContext http, Tenant tenant) => PageContext.Render(SignUp.Page(http, tenant, new SignUpForm { AccountType = "seller" }, [])));
        account.MapPost("/signup", SignUp.HandleAsync).LimitPosts();
        account.MapGet("/forgot", (HttpContext http, Tenant tenant) => PageContext.Render(PasswordReset.ForgotPage(http, tenant, null)));
        account.MapPost("/forgot", PasswordReset.ForgotAsync).LimitPosts();
        account.MapGet("/reset", (HttpContext http, Tenant tenant, string? token) => PageContext.Render(PasswordReset.ResetPage(http, tenant, token, null)));
        account.MapPost("/reset", PasswordReset.ResetAsync).LimitPosts();
        return routes;
    }

    /// <summary>Starts a server-side session and sets the cookie that names it.</summary>
    public static async Task SignInCookieAsync(HttpContext http, Tenant tenant, User user, IReadOnlyList<Membership> memberships, TimeProvider time)
    {
        var session = await http.RequestServices.GetRequiredService<SessionStore>().CreateAsync(tenant.Id, user.Id, http.RequestAborted);
        var claims = new List<Claim>
        {
            new(Caller.SessionClaim, session),
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Email, user.Email),
            new(Caller.TenantClaim, tenant.Id.ToString(CultureInfo.InvariantCulture)),
            new(Caller.RoleClaim, user.Role),
            new(Caller.IssuedClaim, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(memberships.Select(m => new Claim(Caller.SellerClaim, m.SellerId.ToString(CultureInfo.InvariantCulture))));
        claims.AddRange(memberships.Where(m => m.Role == Membership.Owner).Select(m => new Claim(Caller.OwnerClaim, m.SellerId.ToString(CultureInfo.InvariantCulture))));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] SignInForm form, HttpContext http, Tenant tenant, UserStore users, AccountFormLimits.TargetLimiter limits, TimeProvider time,
        ILogger<UserStore> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password) || form.Email.Length > 200 || form.Password.Length > 200)
        {
            return PageContext.Render(SignInPage(http, tenant, form, "Enter your e-mail address and password."), 400);
        }

        if (limits.Check(http, FormLimit.SignIn, UserStore.Normalise(form.Email)) is { } refused)
        {
            return refused;
        }

        var result = await users.SignInAsync(tenant.Id, form.Email, form.Password, ct);
        if (result.Delay > TimeSpan.Zero)
        {
            await Task.Delay(result.Delay, time, ct);
        }

        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                await SignInCookieAsync(http, tenant, result.User!, result.Memberships, time);
                var home = result.Memberships.Count > 0 ? "/dashboard" : result.User!.Role == Caller.TenantAdminRole ? "/admin" : "/";
                return Results.Redirect(PageContext.SafeReturnUrl(form.ReturnUrl, home));
            case SignInOutcome.LockedOut:
                AccountsLog.SignInRefused(logger, form.Email, "locked out");
                return PageContext.Render(
                    SignInPage(http, tenant, form, $"Too many failed attempts. Try again after {result.LockedUntil:HH:mm} UTC or reset your password."), 429);
            default:
                return PageContext.Render(SignInPage(http, tenant, form, "That e-mail address and password do not match an account."), 400);
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SessionStore sessions)
    {
        if (http.User.FindFirst(Caller.SessionClaim)?.Value is { } session)
        {
            await sessions.EndAsync(session, http.RequestAborted);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/");
    }

    private static IResult ShowAccount(HttpContext http, Tenant tenant, Caller caller)
    {
        if (caller.UserId is null)
        {
            return Results.Redirect("/account/login?returnUrl=%2Faccount");
        }

        return PageContext.Render(PageContext.Form(http, tenant, "Your account", "/account/logout-everywhere", [], "Sign out everywhere") with
        {
            Intro = $"Signed in as {caller.Name} ({http.User.FindFirst(ClaimTypes.Email)?.Value}). Signing out everywhere ends every session of this account, "
                + "on this device and on all others, for example after using a shared computer.",
            Links = [("/account/forgot", "Change your password")],
        });
    }

    private static async Task<IResult> SignOutEverywhereAsync(HttpContext http, Tenant tenant, Caller caller, Database database, CancellationToken ct)
    {
        if (caller.UserId is not { } userId)
        {
            return Results.Redirect("/account/login");
        }

        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        await SessionStore.EndAllAsync(connection, transaction, userId);
        await transaction.CommitAsync(ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return PageContext.Render(SignInPage(http, tenant, new SignInForm(), null) with { Notice = "You were signed out on every device." });
    }

    public static FormPageModel SignInPage(HttpContext http, Tenant tenant, SignInForm form, string? error) =>
        PageContext.Form(http, tenant, "Sign in", "/account/login",
        [
            new("email", "E-mail") { Type = "email", Value = form.Email, Autocomplete = "username", Required = true },
            new("password", "Password") { Type = "password", Autocomplete = "current-password", Required = true },
        ], "Sign in") with
        {
            Error = error,
            Hidden = form.ReturnUrl is null ? [] : [("returnUrl", form.ReturnUrl)],
            Links = [("/account/signup", "Create an account"), ("/account/forgot", "Forgot your password?")],
        };
}
