using System.Globalization;
using System.Security.Claims;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Pages.Forms;
using Mercato.Server.ReferenceData;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Mercato.Server.Accounts;

/// <summary>Sign-up, sign-in, sign-out and password reset pages.</summary>
internal static class AccountEndpoints
{
    private static readonly IReadOnlyList<(string, string)> AccountTypes = [("shopper", "I'm buying"), ("seller", "I sell (dealer, manufacturer, distributor, agent vendor)")];

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/login", (HttpContext http, Tenant tenant, string? returnUrl) => PageContext.Render(SignInPage(http, tenant, new SignInForm { ReturnUrl = returnUrl }, null)));
        account.MapPost("/login", SignInAsync);
        account.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/");
        });
        account.MapGet("/signup", (HttpContext http, Tenant tenant) => PageContext.Render(SignUpPage(http, tenant, new SignUpForm { AccountType = "seller" }, [])));
        account.MapPost("/signup", SignUpAsync);
        account.MapGet("/forgot", (HttpContext http, Tenant tenant) => PageContext.Render(ForgotPage(http, tenant, null)));
        account.MapPost("/forgot", ForgotAsync);
        account.MapGet("/reset", (HttpContext http, Tenant tenant, string? token) => PageContext.Render(ResetPage(http, tenant, token, null)));
        account.MapPost("/reset", ResetAsync);
        return routes;
    }

    public static async Task SignInCookieAsync(HttpContext http, Tenant tenant, User user, IReadOnlyList<Membership> memberships, TimeProvider time)
    {
        var claims = new List<Claim>
        {
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
        [FromForm] SignInForm form, HttpContext http, Tenant tenant, UserStore users, TimeProvider time, ILogger<UserStore> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password) || form.Email.Length > 200 || form.Password.Length > 200)
        {
            return PageContext.Render(SignInPage(http, tenant, form, "Enter your e-mail address and password."), 400);
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

    private static async Task<IResult> SignUpAsync(
        [FromForm] SignUpForm form, HttpContext http, Tenant tenant, Database database, UserStore users, SellerStore sellers, Outbox outbox, TimeProvider time,
        ReferenceDataSet reference, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Length > 100)
        {
            errors["name"] = "Give your name (up to 100 characters).";
        }

        if (UserStore.CheckEmail(form.Email) is { } emailError)
        {
            errors["email"] = emailError;
        }

        if (UserStore.CheckPassword(form.Password) is { } passwordError)
        {
            errors["password"] = passwordError;
        }

        var seller = form.AccountType == "seller";
        double? latitude = null, longitude = null;
        if (seller)
        {
            if (string.IsNullOrWhiteSpace(form.Organisation) || form.Organisation.Length > 200)
            {
                errors["organisation"] = "Give your business's name.";
            }

            if (form.SellerKind is null || !Seller.Kinds.Contains(form.SellerKind))
            {
                errors["sellerKind"] = "Choose what kind of seller you are.";
            }

            if (form.PostalCode is null || !reference.PostalCodes.TryGet(form.PostalCode, out var lat, out var lng))
            {
                errors["postalCode"] = "Give your business's US ZIP code.";
            }
            else
            {
                (latitude, longitude) = (lat, lng);
            }
        }

        await using var connection = await database.OpenAsync(ct);
        if (!errors.ContainsKey("email") && await UserStore.FindByEmailAsync(connection, tenant.Id, form.Email!) is not null)
        {
            errors["email"] = "An account with this e-mail address exists; sign in or reset the password.";
        }

        if (errors.Count > 0)
        {
            return PageContext.Render(SignUpPage(http, tenant, form, errors), 400);
        }

        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        var role = Caller.ShopperRole;
        var userId = await users.CreateAsync(connection, transaction, tenant.Id, form.Email!, form.Name!, form.Password!, role);
        var memberships = new List<Membership>();
        if (seller)
        {
            var externalId = $"S{userId:D6}";
            var created = await sellers.InsertAsync(connection, transaction, tenant.Id,
                new Seller(0, externalId, form.Organisation!.Trim(), form.SellerKind!, tenant.SellerApproval ? SellerStatus.Pending : SellerStatus.Active,
                    form.PostalCode!.Trim(), "US", latitude, longitude));
            await UserStore.AddMembershipAsync(connection, transaction, tenant.Id, userId, created.Id, Membership.Owner);
            memberships.Add(new Membership(created.Id, Membership.Owner));
        }

        await outbox.SendAsync(connection, transaction, tenant.Id, form.Email!.Trim(), $"Welcome to {tenant.Name}",
            $"Hello {form.Name!.Trim()},\n\nyour account at {tenant.Name} is ready.");
        await transaction.CommitAsync(ct);
        await SignInCookieAsync(http, tenant, new User(userId, form.Email.Trim(), form.Name.Trim(), role), memberships, time);
        return Results.Redirect(seller ? "/dashboard" : "/");
    }

    private static async Task<IResult> ForgotAsync(
        [FromForm] ForgotForm form, HttpContext http, Tenant tenant, Database database, UserStore users, Outbox outbox, TimeProvider time, CancellationToken ct)
    {
        if (UserStore.CheckEmail(form.Email) is { } error)
        {
            return PageContext.Render(ForgotPage(http, tenant, error), 400);
        }

        await using var connection = await database.OpenAsync(ct);
        var user = await UserStore.FindByEmailAsync(connection, tenant.Id, form.Email!);
        if (user is not null)
        {
            var token = Secrets.NewToken();
            await using var transaction = await Database.BeginWriteAsync(connection, ct);
            await connection.ExecuteAsync(
                "INSERT INTO password_resets (tenant_id, user_id, token_hash, expires_at) VALUES (@TenantId, @UserId, @hash, @expires)",
                new { TenantId = tenant.Id, UserId = user.Id, hash = Secrets.Hash(token), expires = time.GetUtcNow().AddHours(1) },
                transaction);
            var link = $"{http.Request.Scheme}://{http.Request.Host}/account/reset?token={Uri.EscapeDataString(token)}";
            await outbox.SendAsync(connection, transaction, tenant.Id, user.Email, "Reset your password",
                $"Hello {user.Name},\n\nto choose a new password open {link} within an hour. If you did not ask for this, ignore this message.");
            await transaction.CommitAsync(ct);
        }

        // The same answer either way, so the form does not tell who has an account.
        var page = ForgotPage(http, tenant, null) with { Notice = "If an account uses that address, we sent it a link to reset the password. It works for one hour." };
        return PageContext.Render(page);
    }

    private static async Task<IResult> ResetAsync(
        [FromForm] ResetForm form, HttpContext http, Tenant tenant, Database database, UserStore users, TimeProvider time, CancellationToken ct)
    {
        if (UserStore.CheckPassword(form.Password) is { } passwordError)
        {
            return PageContext.Render(ResetPage(http, tenant, form.Token, passwordError), 400);
        }

        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        var reset = await connection.QuerySingleOrDefaultAsync<(long Id, long UserId)>(
            "SELECT id, user_id FROM password_resets WHERE tenant_id = @TenantId AND token_hash = @hash AND used_at IS NULL AND expires_at > @now",
            new { TenantId = tenant.Id, hash = Secrets.Hash(form.Token ?? ""), now = time.GetUtcNow() },
            transaction);
        if (reset.Id == 0)
        {
            return PageContext.Render(ResetPage(http, tenant, form.Token, "This link is invalid or has expired; ask for a new one."), 400);
        }

        await users.SetPasswordAsync(connection, transaction, reset.UserId, form.Password!);
        await connection.ExecuteAsync("UPDATE password_resets SET used_at = @now WHERE id = @Id", new { now = time.GetUtcNow(), reset.Id }, transaction);
        await transaction.CommitAsync(ct);
        return PageContext.Render(SignInPage(http, tenant, new SignInForm(), null) with { Notice = "Your password was changed. Sign in with the new one." });
    }

    private static FormPageModel SignInPage(HttpContext http, Tenant tenant, SignInForm form, string? error) =>
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

    private static FormPageModel SignUpPage(HttpContext http, Tenant tenant, SignUpForm form, Dictionary<string, string> errors) =>
        PageContext.Form(http, tenant, "Create an account", "/account/signup",
        [
            new("name", "Your name") { Value = form.Name, Autocomplete = "name", Required = true, Error = errors.GetValueOrDefault("name") },
            new("email", "E-mail") { Type = "email", Value = form.Email, Autocomplete = "email", Required = true, Error = errors.GetValueOrDefault("email") },
            new("password", "Password") { Type = "password", Autocomplete = "new-password", Required = true, Help = $"At least {UserStore.MinPasswordLength} characters.", Error = errors.GetValueOrDefault("password") },
            new("accountType", "Account") { Value = form.AccountType, Options = AccountTypes, Required = true },
            new("organisation", "Business name (sellers)") { Value = form.Organisation, Autocomplete = "organization", Error = errors.GetValueOrDefault("organisation") },
            new("sellerKind", "Kind of seller") { Value = form.SellerKind ?? "dealer", Options = Seller.Kinds.Select(k => (k, Pages.Storefront.ListingFacts.Humanise(k))).ToList(), Error = errors.GetValueOrDefault("sellerKind") },
            new("postalCode", "Business ZIP code (sellers)") { Value = form.PostalCode, Autocomplete = "postal-code", Error = errors.GetValueOrDefault("postalCode") },
        ], "Create account") with
        {
            Error = errors.Count > 0 ? "Please correct the fields marked below." : null,
            Links = [("/account/login", "Already have an account? Sign in")],
        };

    private static FormPageModel ForgotPage(HttpContext http, Tenant tenant, string? error) =>
        PageContext.Form(http, tenant, "Reset your password", "/account/forgot",
            [new("email", "E-mail") { Type = "email", Autocomplete = "email", Required = true, Error = error }], "Send reset link");

    private static FormPageModel ResetPage(HttpContext http, Tenant tenant, string? token, string? error) =>
        PageContext.Form(http, tenant, "Choose a new password", "/account/reset",
            [new("password", "New password") { Type = "password", Autocomplete = "new-password", Required = true, Error = error }], "Change password") with
        {
            Hidden = [("token", token ?? "")],
        };
}
