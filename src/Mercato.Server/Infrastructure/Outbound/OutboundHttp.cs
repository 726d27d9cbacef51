using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Infrastructure.Outbound;

/// <summary>
/// Where every outbound HTTP call gets its <see cref="HttpClient"/>: <see cref="IHttpClientFactory"/> clients (named per
/// integration) that all share one policy. The primary handler connects only to globally routable addresses and uses
/// no proxy unless one is configured; redirects are followed and checked hop by hop; the standard resilience pipeline
/// (per host) adds attempt and total timeouts, retries with jittered exponential backoff for safe methods, and a
/// circuit breaker.
/// </summary>
internal static class OutboundHttp
{
    public static IServiceCollection AddOutboundHttp(this IServiceCollection services)
    {
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new OutboundConnector(sp.GetRequiredService<IOptions<OutboundOptions>>().Value));
        services.ConfigureHttpClientDefaults(http =>
        {
            http.ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);
            http.AddHttpMessageHandler(sp => new OutboundRedirects(sp.GetRequiredService<IOptions<OutboundOptions>>().Value.MaxRedirects));
            http.AddStandardResilienceHandler()
                .Configure((resilience, sp) => Configure(resilience, sp.GetRequiredService<IOptions<OutboundOptions>>().Value))
                .SelectPipelineByAuthority(); // one failing host must not open the circuit for every other host
        });
        return services;
    }

    private static SocketsHttpHandler CreatePrimaryHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<OutboundOptions>>().Value;
        var connector = services.GetRequiredService<OutboundConnector>();
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new WebProxy(options.Proxy),
            ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            ConnectCallback = connector.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
    }

    private static void Configure(HttpStandardResilienceOptions resilience, OutboundOptions options)
    {
        resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(options.AttemptTimeoutSeconds);
        resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds);
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * options.AttemptTimeoutSeconds));
        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
        resilience.Retry.Delay = options.RetryDelay;
        resilience.Retry.UseJitter = true;

        // A refusal by policy is final: retrying it or counting it against the host's circuit would be wrong.
        var retries = options.MaxRetries > 0;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
            retries && OutboundRefusedException.Find(args.Outcome.Exception) is null && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            OutboundRefusedException.Find(args.Outcome.Exception) is null && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        resilience.Retry.DisableForUnsafeHttpMethods();
    }
}
