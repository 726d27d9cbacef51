using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>
/// <c>Authorization: Bearer …</c> with either the platform admin token or a seller API key (<c>mk_…</c>). Keys are
/// stored as SHA-256 hashes; a revoked or unknown key fails authentication (401), never falls back to anonymous.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminToken adminToken,
    Database database,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (adminToken.Matches(token))
        {
            return Success([new(Caller.RoleClaim, Caller.PlatformAdminRole), new(ClaimTypes.Name, "platform administrator")]);
        }

        if (!token.StartsWith(Secrets.ApiKeyPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return AuthenticateResult.Fail("unknown bearer token");
        }

        await using var connection = await database.OpenAsync(Context.RequestAborted);
        var key = await connection.QuerySingleOrDefaultAsync<(long Id, long TenantId, long SellerId)>(
            "SELECT id, tenant_id, seller_id FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", new { hash = Secrets.Hash(token) });
        if (key.Id == 0)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        await connection.ExecuteAsync("UPDATE api_keys SET last_used_at = @now WHERE id = @Id", new { now = time.GetUtcNow(), key.Id });
        return Success([
            new(Caller.TenantClaim, key.TenantId.ToString(CultureInfo.InvariantCulture)),
            new(Caller.SellerClaim, key.SellerId.ToString(CultureInfo.InvariantCulture)),
            new(Caller.RoleClaim, "seller_key"),
            new(ClaimTypes.Name, $"API key {key.Id}"),
        ]);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Access.Unauthenticated().ExecuteAsync(Context);

    private static AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
