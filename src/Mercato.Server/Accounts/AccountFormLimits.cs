using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>The public forms whose posts are limited, each with its own per-target budget.</summary>
internal enum FormLimit
{
    SignIn,
    SignUp,
    PasswordReset,
    PasswordChange,
    Join,
    Invitation,
    Contact,
}

/// <summary>
/// Rate limits on the public forms that send mail or write rows, with ASP.NET Core's rate limiter: a fixed window per
/// client IP address and form (the middleware policy), and one per target (the e-mail address a form names, or the
/// listing a lead is for) checked by an endpoint filter once the form is bound. Refusals are 429 with Retry-After: a
/// page for browsers posting a form (they ask for text/html), an RFC 9457 problem for everyone else. Counters live in each node's memory.
/// </summary>
internal static class AccountFormLimits
{
    public const string PerIpPolicy = "account-forms";

    public static IServiceCollection AddAccountFormLimits(this IServiceCollection services)
    {
        services.AddSingleton<TargetLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerIpPolicy, http =>
            {
                var permits = http.RequestServices.GetRequiredService<IOptions<AccountsOptions>>().Value.FormPostsPerIpPerMinute;
                var form = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                return RateLimitPartition.GetFixedWindowLimiter($"{form}|{ClientKey(http.Connection.RemoteIpAddress)}", _ => Window(permits, TimeSpan.FromMinutes(1)));
            });
            limiter.OnRejected = (context, _) => new ValueTask(Refuse(context.HttpContext, context.Lease).ExecuteAsync(context.HttpContext));
        });
        return services;
    }

    /// <summary>Limits posts to this endpoint per client IP address; handlers check their target with <see cref="TargetLimiter.Check"/>.</summary>
    public static RouteHandlerBuilder LimitPosts(this RouteHandlerBuilder builder) => builder.RequireRateLimiting(PerIpPolicy);

    /// <summary>IPv6 clients usually hold a whole /64, so they are counted by it.</summary>
    private static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? Convert.ToHexString(address.GetAddressBytes(), 0, 8) + "/64"
            : address.ToString();
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static IResult Refuse(HttpContext http, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var wait = seconds < 120 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes";
        if (http.Request.HasFormContentType && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && http.Features.Get<Tenant>() is { } tenant)
        {
            return new RazorComponentResult<MessagePage>(new
            {
                Tenant = tenant,
                Title = "Too many attempts",
                Message = $"This form was sent too often. Please wait {wait} and try again.",
            })
            { StatusCode = StatusCodes.Status429TooManyRequests };
        }

        return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"This was sent too often; retry in {wait}.");
    }

    /// <summary>
    /// One fixed window per (form, tenant, target), sized by the form's setting. Handlers call it once the form is bound
    /// (an endpoint filter cannot see [FromForm] objects reliably).
    /// </summary>
    internal sealed class TargetLimiter(IOptions<AccountsOptions> options) : IDisposable
    {
        private readonly PartitionedRateLimiter<(FormLimit Form, long Tenant, string Target)> _limiter =
            PartitionedRateLimiter.Create<(FormLimit Form, long Tenant, string Target), (FormLimit, long, string)>(key =>
                RateLimitPartition.GetFixedWindowLimiter(key, k => Window(Permits(options.Value, k.Item1), TimeSpan.FromHours(1))));

        /// <summary>Null when the post may go on, otherwise the 429 answer.</summary>
        public IResult? Check(HttpContext http, FormLimit form, string? target)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                return null;
            }

            using var lease = _limiter.AttemptAcquire((form, http.Features.Get<Tenant>()?.Id ?? 0, target.Trim().ToUpperInvariant()));
            return lease.IsAcquired ? null : Refuse(http, lease);
        }

        private static int Permits(AccountsOptions options, FormLimit form) => form switch
        {
            FormLimit.SignIn => options.SignInsPerAddressPerHour,
            FormLimit.Contact => options.LeadsPerListingPerHour,
            _ => options.MailsPerAddressPerHour,
        };

        public void Dispose() => _limiter.Dispose();
    }
}
