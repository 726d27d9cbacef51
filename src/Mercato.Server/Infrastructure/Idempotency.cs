using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Primitives;

namespace Mercato.Server.Infrastructure;

/// <summary>Whose keys a request's Idempotency-Key belongs to: the tenant and a stable name of the caller.</summary>
internal interface IIdempotencyScope
{
    (long TenantId, string Caller)? Resolve(HttpContext context);
}

/// <summary>
/// <c>Idempotency-Key</c> with Stripe's semantics on the POSTs that create orders, payments, refunds and payouts: the
/// same key with the same body answers the first response again (status, body, Location); the same key with another
/// body is a 400 problem; the same key while the first request still runs is a 409 problem. Keys are per tenant and
/// caller and kept for <see cref="Retention"/>. A 4xx answer is not kept (the request did nothing; the caller may fix
/// it and retry with the same key), nor is a request that threw (its transaction rolled back).
/// </summary>
internal sealed class IdempotencyFilter(Database database, IIdempotencyScope scopes, TimeProvider time) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    // A request that died without releasing its key (process crash) frees it after this long.
    private static readonly TimeSpan Lock = TimeSpan.FromMinutes(1);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out StringValues values) || values.Count == 0)
        {
            return await next(invocation);
        }

        var key = values.ToString();
        if (key.Length is 0 or > 255)
        {
            return Problems.Field(Header, "must be 1 to 255 characters");
        }

        if (scopes.Resolve(http) is not { } scope)
        {
            return await next(invocation);
        }

        http.Request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        http.Request.Body.Position = 0;
        var hash = Convert.ToHexString(sha.GetHashAndReset());
        var (tenantId, caller) = scope;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // The claim and the final write take a connection each, and hold none while the handler runs: the handler
        // opens its own, and a request holding two at once exhausted the pool under concurrent checkouts (500s).
        StoredKey? claimed;
        await using (var connection = await database.OpenAsync(http.RequestAborted))
        {
            claimed = await ClaimAsync(connection, tenantId, caller, key, hash, now);
        }

        if (claimed is { } stored)
        {
            if (stored.RequestHash != hash)
            {
                return Problems.Field(Header, "was already used with a different request; use a new key for a new request");
            }

            if (stored.State != "done")
            {
                return Problems.Conflict("Request in progress", $"A request with this {Header} is still being processed; retry later.");
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (stored.Location is not null)
            {
                http.Response.Headers.Location = stored.Location;
            }

            http.Response.StatusCode = (int)stored.StatusCode!.Value;
            http.Response.ContentType = stored.ContentType;
            await http.Response.Body.WriteAsync(stored.Body ?? [], http.RequestAborted);
            return Results.Empty;
        }

        var parameters = new { tenantId, caller, key };
        object? result;
        try
        {
            result = await next(invocation);
        }
        catch
        {
            await ReleaseAsync(parameters);
            throw;
        }

        if (result is not IResult response)
        {
            return result;
        }

        // Run the result into a buffer to keep exactly what the client received.
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await response.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        if (status is >= 400 and < 500)
        {
            await ReleaseAsync(parameters);
        }
        else
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync(
                """
                UPDATE idempotency_keys SET state = 'done', status_code = @status, content_type = @contentType, location = @location, body = @body
                WHERE tenant_id = @tenantId AND scope = @caller AND idem_key = @key
                """,
                new { tenantId, caller, key, status, contentType = http.Response.ContentType, location = http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, body = captured.ToArray() });
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private async Task ReleaseAsync(object parameters)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE tenant_id = @tenantId AND scope = @caller AND idem_key = @key", parameters);
    }

    /// <summary>Null when this request now owns the key; otherwise the key as stored by an earlier request.</summary>
    private static async Task<StoredKey?> ClaimAsync(System.Data.Common.DbConnection connection, long tenantId, string caller, string key, string hash, long now)
    {
        var expiresAt = now + (long)Retention.TotalMilliseconds;
        var lockedUntil = now + (long)Lock.TotalMilliseconds;

        // One statement: a new key is inserted; an expired key, or an in-flight one whose request died, is taken over;
        // a live key changes nothing and is read back. Should it vanish in between (its request ended in a 4xx), claim again.
        while (true)
        {
            var claimed = await connection.ExecuteAsync(
                """
                INSERT INTO idempotency_keys (tenant_id, scope, idem_key, request_hash, state, locked_until, expires_at)
                VALUES (@tenantId, @caller, @key, @hash, 'running', @lockedUntil, @expiresAt)
                ON CONFLICT (tenant_id, scope, idem_key) DO UPDATE
                SET request_hash = excluded.request_hash, state = 'running', status_code = NULL, content_type = NULL, location = NULL, body = NULL,
                    locked_until = excluded.locked_until, expires_at = excluded.expires_at
                WHERE idempotency_keys.expires_at < @now OR (idempotency_keys.state = 'running' AND idempotency_keys.locked_until < @now)
                """,
                new { tenantId, caller, key, hash, lockedUntil, expiresAt, now });
            if (claimed == 1)
            {
                return null;
            }

            var stored = await connection.QuerySingleOrDefaultAsync<StoredKey>(
                """
                SELECT request_hash AS RequestHash, state, status_code AS StatusCode, content_type AS ContentType, location, body
                FROM idempotency_keys WHERE tenant_id = @tenantId AND scope = @caller AND idem_key = @key
                """,
                new { tenantId, caller, key });
            if (stored is not null)
            {
                return stored;
            }
        }
    }

    private sealed record StoredKey(string RequestHash, string State, long? StatusCode, string? ContentType, string? Location, byte[]? Body);
}

internal static class IdempotencyEndpointExtensions
{
    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint (see <see cref="IdempotencyFilter"/>).</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<RouteHandlerBuilder, IdempotencyFilter>();
}
