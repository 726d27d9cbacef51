using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;
using Mercato.Server.ReferenceData;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace Mercato.Server.Accounts;

/// <summary>
/// Sign-up: a shopper account, or a seller's owner account with a new seller. An address that already has an account gets
/// the same answer as a new one (and the same hashing work), and its owner is told by e-mail, so the form does not reveal
/// who has an account.
/// </summary>
internal static class SignUp
{
    private static readonly IReadOnlyList<(string, string)> AccountTypes = [("shopper", "I'm buying"), ("seller", "I sell (dealer, manufacturer, distributor, agent vendor)")];

    public static async Task<IResult> HandleAsync(
        [FromForm] SignUpForm form, HttpContext http, Tenant tenant, Database database, UserStore users, SellerStore sellers, Outbox outbox,
        AccountFormLimits.TargetLimiter limits, TimeProvider time, ReferenceDataSet reference, CancellationToken ct)
    {
        var errors = Check(form, reference, out var latitude, out var longitude);
        if (errors.Count > 0)
        {
            return PageContext.Render(Page(http, tenant, form, errors), 400);
        }

        if (limits.Check(http, FormLimit.SignUp, UserStore.Normalise(form.Email!)) is { } refused)
        {
            return refused;
        }

        var seller = form.AccountType == "seller";
        var home = seller ? "/dashboard" : "/";
        var passwordHash = await users.HashPasswordAsync(form.Password!, ct);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        if (await UserStore.FindByEmailAsync(connection, tenant.Id, form.Email!, transaction) is { } existing)
        {
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            await outbox.SendAsync(connection, transaction, tenant.Id, existing.Email, $"Someone tried to sign up at {tenant.Name}",
                $"Hello {existing.Name},\n\nsomeone (perhaps you) tried to create an account at {tenant.Name} with this address, which already has one. "
                + $"Sign in at {origin}/account/login, or choose a new password at {origin}/account/forgot. If it was not you, there is nothing to do.");
            await transaction.CommitAsync(ct);
            return Results.Redirect(home);
        }

        var role = Caller.ShopperRole;
        var userId = await users.CreateAsync(connection, transaction, tenant.Id, form.Email!, form.Name!, passwordHash, role);
        var memberships = new List<Membership>();
        if (seller)
        {
            var created = await sellers.InsertAsync(connection, transaction, tenant.Id,
                new Seller(0, $"S{userId:D6}", form.Organisation!.Trim(), form.SellerKind!, tenant.SellerApproval ? SellerStatus.Pending : SellerStatus.Active,
                    form.PostalCode!.Trim(), "US", latitude, longitude));
            await UserStore.AddMembershipAsync(connection, transaction, tenant.Id, userId, created.Id, Membership.Owner);
            memberships.Add(new Membership(created.Id, Membership.Owner));
        }

        await outbox.SendAsync(connection, transaction, tenant.Id, form.Email!.Trim(), $"Welcome to {tenant.Name}",
            $"Hello {form.Name!.Trim()},\n\nyour account at {tenant.Name} is ready.");
        await transaction.CommitAsync(ct);
        await AccountEndpoints.SignInCookieAsync(http, tenant, new User(userId, form.Email.Trim(), form.Name.Trim(), role), memberships, time);
        return Results.Redirect(home);
    }

    private static Dictionary<string, string> Check(SignUpForm form, ReferenceDataSet reference, out double? latitude, out double? longitude)
    {
        (latitude, longitude) = (null, null);
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

        if (form.AccountType != "seller")
        {
            return errors;
        }

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

        return errors;
    }

    public static FormPageModel Page(HttpContext http, Tenant tenant, SignUpForm form, Dictionary<string, string> errors) =>
        PageContext.Form(http, tenant, "Create an account", "/account/signup",
        [
            new("name", "Your name") { Value = form.Name, Autocomplete = "name", Required = true, Error = errors.GetValueOrDefault("name") },
            new("email", "E-mail") { Type = "email", Value = form.Email, Autocomplete = "email", Required = true, Error = errors.GetValueOrDefault("email") },
            new("password", "Password") { Type = "password", Autocomplete = "new-password", Required = true, Help = $"At least {UserStore.MinPasswordLength} characters.", Error = errors.GetValueOrDefault("password") },
            new("accountType", "Account") { Value = form.AccountType, Options = AccountTypes, Required = true },
            new("organisation", "Business name (sellers)") { Value = form.Organisation, Autocomplete = "organization", Error = errors.GetValueOrDefault("organisation") },
            new("sellerKind", "Kind of seller") { Value = form.SellerKind ?? "dealer", Options = Seller.Kinds.Select(k => (k, KindLabel(k))).ToList(), Error = errors.GetValueOrDefault("sellerKind") },
            new("postalCode", "Business ZIP code (sellers)") { Value = form.PostalCode, Autocomplete = "postal-code", Error = errors.GetValueOrDefault("postalCode") },
        ], "Create account") with
        {
            Error = errors.Count > 0 ? "Please correct the fields marked below." : null,
            Links = [("/account/login", "Already have an account? Sign in")],
        };

    // "agent_vendor" → "Agent vendor".
    private static string KindLabel(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..].Replace('_', ' ');
}
