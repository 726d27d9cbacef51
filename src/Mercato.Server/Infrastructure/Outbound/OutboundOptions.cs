using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Infrastructure.Outbound;

/// <summary>Settings of every outbound HTTP call (section <c>Mercato:Outbound</c>), validated at start.</summary>
internal sealed class OutboundOptions : IValidatableObject
{
    public const string Section = "Mercato:Outbound";

    /// <summary>For tests only: let requests reach loopback addresses (127.0.0.0/8, ::1). Production denies them.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Networks an operator deliberately opens, in CIDR form (e.g. <c>10.20.0.0/16</c> for feeds on an internal host).
    /// Every other non-global address stays refused.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>
    /// An explicit proxy URL. Environment proxies (HTTP_PROXY …) are ignored: a proxy would connect on our behalf,
    /// past the address check, so with one configured the proxy must enforce the same policy.
    /// </summary>
    public string? Proxy { get; set; }

    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>One attempt, up to the response headers.</summary>
    [Range(1, 3600)]
    public int AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>All attempts and the waits between them, up to the response headers.</summary>
    [Range(1, 7200)]
    public int TotalTimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of transient failures (connection errors, 5xx, 408, 429) of safe methods; 0 for none.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's wait; later ones double, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"{Section}:AllowedNetworks: '{network}' is not a network in CIDR form like 10.20.0.0/16");
            }
        }

        if (Proxy is not null && !(Uri.TryCreate(Proxy, UriKind.Absolute, out var proxy) && proxy.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"{Section}:Proxy must be an absolute http or https URL");
        }

        if (TotalTimeoutSeconds < AttemptTimeoutSeconds)
        {
            yield return new ValidationResult($"{Section}:TotalTimeoutSeconds must be at least AttemptTimeoutSeconds");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{Section}:RetryDelay must be from 0 to 5 minutes");
        }
    }
}
