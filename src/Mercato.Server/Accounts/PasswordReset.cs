using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace Mercato.Server.Accounts;

/// <summary>"Forgot your password?": a one-hour link by e-mail; choosing a new password ends every session of the account.</summary>
internal static class PasswordReset
{
    public static async Task<IResult> ForgotAsync(
        [FromForm] ForgotForm form, HttpContext http, Tenant tenant, Database database, Outbox outbox, AccountFormLimits.TargetLimiter limits,
        TimeProvider time, CancellationToken ct)
    {
        if (UserStore.CheckEmail(form.Email) is { } error)
        {
            return PageContext.Render(ForgotPage(http, tenant, error), 400);
        }

        if (limits.Check(http, FormLimit.PasswordReset, UserStore.Normalise(form.Email!)) is { } refused)
        {
            return refused;
        }

        await using var connection = await database.OpenAsync(ct);
        var user = await UserStore.FindByEmailAsync(connection, tenant.Id, form.Email!);
        if (user is not null)
        {
            var token = Secrets.NewToken();
            await using var transaction = await Database.BeginWriteAsync(connection, ct);
            await UserStore.AddPasswordResetAsync(connection, transaction, tenant.Id, user.Id, token, time.GetUtcNow().AddHours(1));
            var link = $"{http.Request.Scheme}://{http.Request.Host}/account/reset?token={Uri.EscapeDataString(token)}";
            await outbox.SendAsync(connection, transaction, tenant.Id, user.Email, "Reset your password",
                $"Hello {user.Name},\n\nto choose a new password open {link} within an hour. If you did not ask for this, ignore this message.");
            await transaction.CommitAsync(ct);
        }

        // The same answer either way, so the form does not tell who has an account.
        var page = ForgotPage(http, tenant, null) with { Notice = "If an account uses that address, we sent it a link to reset the password. It works for one hour." };
        return PageContext.Render(page);
    }

    public static async Task<IResult> ResetAsync(
        [FromForm] ResetForm form, HttpContext http, Tenant tenant, Database database, UserStore users, TimeProvider time, CancellationToken ct)
    {
        if (UserStore.CheckPassword(form.Password) is { } passwordError)
        {
            return PageContext.Render(ResetPage(http, tenant, form.Token, passwordError), 400);
        }

        var passwordHash = await users.HashPasswordAsync(form.Password!, ct);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        if (await UserStore.UsePasswordResetAsync(connection, transaction, tenant.Id, form.Token ?? "", time.GetUtcNow()) is not { } userId)
        {
            return PageContext.Render(ResetPage(http, tenant, form.Token, "This link is invalid or has expired; ask for a new one."), 400);
        }

        await UserStore.SetPasswordHashAsync(connection, transaction, userId, passwordHash);
        await UserStore.ClearFailuresAsync(connection, transaction, tenant.Id, userId);
        // Whoever knew the old password may hold a session: a new password ends them all.
        await SessionStore.EndAllAsync(connection, transaction, userId);
        await transaction.CommitAsync(ct);
        return PageContext.Render(AccountEndpoints.SignInPage(http, tenant, new SignInForm(), null) with { Notice = "Your password was changed. Sign in with the new one." });
    }

    public static FormPageModel ForgotPage(HttpContext http, Tenant tenant, string? error) =>
        PageContext.Form(http, tenant, "Reset your password", "/account/forgot",
            [new("email", "E-mail") { Type = "email", Autocomplete = "email", Required = true, Error = error }], "Send reset link");

    public static FormPageModel ResetPage(HttpContext http, Tenant tenant, string? token, string? error) =>
        PageContext.Form(http, tenant, "Choose a new password", "/account/reset",
            [new("password", "New password") { Type = "password", Autocomplete = "new-password", Required = true, Error = error }], "Change password") with
        {
            Hidden = [("token", token ?? "")],
        };
}
