using System.Text.Json;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Jobs;

/// <summary>Runs jobs of one kind. Resolved from a new DI scope per job; honour the cancellation token.</summary>
internal interface IJobHandler<in TPayload>
{
    Task HandleAsync(TPayload payload, JobContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler knows about the job it runs, and how it asks to run again later without failing.</summary>
internal sealed class JobContext(long id, string kind, string queue, long? tenantId, int attempt, int maxAttempts)
{
    public long Id { get; } = id;

    public string Kind { get; } = kind;

    public string Queue { get; } = queue;

    public long? TenantId { get; } = tenantId;

    /// <summary>1 for the first run.</summary>
    public int Attempt { get; } = attempt;

    public int MaxAttempts { get; } = maxAttempts;

    public DateTimeOffset? DeferredUntil { get; private set; }

    /// <summary>
    /// Run this job again at <paramref name="until"/> instead of completing it, without using up an attempt
    /// (e.g. an upstream quota ran out). Return from the handler after calling this.
    /// </summary>
    public void Defer(DateTimeOffset until) => DeferredUntil = until;
}

/// <summary>A registered job kind: payload type, handler, defaults, and how to run it.</summary>
internal sealed class JobKind(string name, Type payloadType, Func<IServiceProvider, string, JobContext, CancellationToken, Task> run)
{
    public string Name { get; } = name;

    public Type PayloadType { get; } = payloadType;

    public string Queue { get; set; } = JobsOptions.DefaultQueue;

    public int? MaxAttempts { get; set; }

    public TimeSpan? Timeout { get; set; }

    public Func<IServiceProvider, string, JobContext, CancellationToken, Task> Run { get; } = run;
}

/// <summary>Every job kind this program knows, by name.</summary>
internal sealed class JobKindRegistry
{
    private readonly Dictionary<string, JobKind> _kinds = new(StringComparer.Ordinal);

    public JobKindRegistry(IEnumerable<JobKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!_kinds.TryAdd(kind.Name, kind))
            {
                throw new InvalidOperationException($"job kind '{kind.Name}' is registered twice");
            }
        }
    }

    public IReadOnlyCollection<string> Names => _kinds.Keys;

    public JobKind? Find(string name) => _kinds.GetValueOrDefault(name);

    /// <summary>Null when <paramref name="payloadJson"/> is a valid payload of <paramref name="kind"/>, else why not.</summary>
    public string? Validate(string kind, string payloadJson)
    {
        if (Find(kind) is not { } registered)
        {
            return $"unknown job kind '{kind}'; known kinds: {(_kinds.Count == 0 ? "none" : string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal)))}";
        }

        try
        {
            // Strict at enqueue, so a misspelt property is caught by the caller rather than silently dropped.
            return JsonSerializer.Deserialize(payloadJson, registered.PayloadType, JsonDefaults.Strict) is null
                ? $"the payload of job kind '{kind}' must be a JSON value, not null"
                : null;
        }
        catch (JsonException exception)
        {
            var path = exception.Path is null or "$" ? "" : $" at {exception.Path}";
            var cut = exception.Message.IndexOf(" Path:", StringComparison.Ordinal);
            return $"the payload of job kind '{kind}' is not a valid {registered.PayloadType.Name}{path}: {(cut > 0 ? exception.Message[..cut] : exception.Message)}";
        }
    }
}

internal static class JobKindServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> for jobs of kind <paramref name="kind"/> whose payload is JSON of
    /// <typeparamref name="TPayload"/>; <paramref name="configure"/> sets the kind's queue, attempts and timeout.
    /// </summary>
    public static IServiceCollection AddJobHandler<TPayload, THandler>(this IServiceCollection services, string kind, Action<JobKind>? configure = null)
        where THandler : class, IJobHandler<TPayload>
    {
        if (!JobRequest.IsValidName(kind))
        {
            throw new ArgumentException($"job kind '{kind}' must be 1-64 letters, digits, '.', '-' or '_'", nameof(kind));
        }

        services.AddScoped<THandler>();
        var registration = new JobKind(kind, typeof(TPayload), static async (provider, payloadJson, context, cancellationToken) =>
        {
            // Lenient when running, so jobs enqueued before a payload field was removed still run.
            var payload = JsonSerializer.Deserialize<TPayload>(payloadJson, JsonDefaults.Options)!;
            await provider.GetRequiredService<THandler>().HandleAsync(payload, context, cancellationToken);
        });
        configure?.Invoke(registration);
        services.AddSingleton(registration);
        return services;
    }
}
