using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

internal static class JobsServiceCollectionExtensions
{
    /// <summary>The job system: enqueue client, budgets, workers, listener, scheduler, admin access. Handlers register with <c>AddJobHandler</c>.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<JobKindRegistry>();
        services.AddSingleton<JobSignals>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobClient>();
        services.AddSingleton<JobBudgets>();
        services.AddSingleton<JobsMetrics>();
        services.AddSingleton<JobWorker>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService<JobListener>();
        services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        services.AddJobHandler<NoopPayload, NoopJob>(NoopJob.Kind);
        return services;
    }
}

internal sealed record NoopPayload;

/// <summary><c>jobs.noop</c>: does nothing. Checks that workers run (enqueue it from the admin API) and is what the benchmark runs.</summary>
internal sealed class NoopJob : IJobHandler<NoopPayload>
{
    public const string Kind = "jobs.noop";

    public Task HandleAsync(NoopPayload payload, JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
