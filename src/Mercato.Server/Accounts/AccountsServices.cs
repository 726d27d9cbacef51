using System.Globalization;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

internal static class AccountsServices
{
    public const string PolicyScheme = "Mercato";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdminToken>();
        services.AddSingleton<PlatformAdminAccess>();
        services.AddSingleton<IJobsAdminGate>(sp => sp.GetRequiredService<PlatformAdminAccess>());
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddAccountFormLimits();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<InvitationStore>();
        services.AddSingleton<Outbox>();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddJobHandler<MailSendPayload, MailSendJob>(MailSendJob.Kind, kind =>
        {
            kind.MaxAttempts = 12;
            kind.Timeout = TimeSpan.FromMinutes(2);
        });
        services.AddDataProtection().SetApplicationName("Mercato");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<Database>())));

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = PolicyScheme;
                options.DefaultChallengeScheme = PolicyScheme;
            })
            .AddPolicyScheme(PolicyScheme, "API key or session", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? BearerAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null)
            .AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountsOptions>, TimeProvider>((cookie, accounts, time) =>
            {
                cookie.Cookie.Name = "mercato.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(accounts.Value.IdleTimeoutMinutes);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/account/login";
                cookie.LogoutPath = "/account/logout";
                cookie.TimeProvider = time;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    // Sliding sessions still end a fixed time after sign-in.
                    var issued = context.Principal?.FindFirst(Caller.IssuedClaim)?.Value;
                    if (issued is null || !long.TryParse(issued, CultureInfo.InvariantCulture, out var seconds)
                        || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(accounts.Value.AbsoluteTimeoutHours))
                    {
                        context.RejectPrincipal();
                        return;
                    }

                    await SessionValidation.ValidateAsync(context);
                };
                cookie.Events.OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
                    {
                        return Access.Unauthenticated().ExecuteAsync(context.HttpContext);
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Authentication, authorisation and the public forms' rate limits, after tenant resolution.</summary>
    public static IApplicationBuilder UseAccounts(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization().UseRateLimiter();
}

/// <summary>
/// Checks a session cookie against the server on every request: its row in <c>sessions</c> must still exist (sign-out,
/// a password reset and "sign out everywhere" delete it), and its seller claims are kept equal to the memberships table,
/// so a removed team member loses access on their next request and an accepted invitation or a role change takes effect
/// without signing in again. Two indexed queries per signed-in request.
/// </summary>
internal static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        if (!long.TryParse(principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, CultureInfo.InvariantCulture, out var userId)
            || !long.TryParse(principal.FindFirst(Caller.TenantClaim)?.Value, CultureInfo.InvariantCulture, out var tenantId)
            || principal.FindFirst(Caller.SessionClaim)?.Value is not { } session)
        {
            context.RejectPrincipal();
            return;
        }

        var database = context.HttpContext.RequestServices.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(context.HttpContext.RequestAborted);
        if (!await SessionStore.ExistsAsync(connection, tenantId, userId, session))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        var memberships = await UserStore.MembershipsOfAsync(connection, null, tenantId, userId);
        static string Key(IEnumerable<string> sellers, IEnumerable<string> owners) => string.Join(',', sellers.Order()) + "|" + string.Join(',', owners.Order());
        var current = Key(principal.FindAll(Caller.SellerClaim).Select(c => c.Value), principal.FindAll(Caller.OwnerClaim).Select(c => c.Value));
        var wanted = Key(
            memberships.Select(m => m.SellerId.ToString(CultureInfo.InvariantCulture)),
            memberships.Where(m => m.Role == Membership.Owner).Select(m => m.SellerId.ToString(CultureInfo.InvariantCulture)));
        if (current == wanted)
        {
            return;
        }

        var identity = new System.Security.Claims.ClaimsIdentity(
            principal.Claims.Where(c => c.Type is not (Caller.SellerClaim or Caller.OwnerClaim)), CookieAuthenticationDefaults.AuthenticationScheme);
        foreach (var membership in memberships)
        {
            var id = membership.SellerId.ToString(CultureInfo.InvariantCulture);
            identity.AddClaim(new System.Security.Claims.Claim(Caller.SellerClaim, id));
            if (membership.Role == Membership.Owner)
            {
                identity.AddClaim(new System.Security.Claims.Claim(Caller.OwnerClaim, id));
            }
        }

        context.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(identity));
        context.ShouldRenew = true;
    }
}
