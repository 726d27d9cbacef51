using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mercato.Server.Infrastructure;

/// <summary>Ready when the database answers and its schema is the one this build expects.</summary>
internal sealed class DatabaseHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await migrator.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"schema version {migrator.LatestVersion}")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the first {pending[0].Version:D4}_{pending[0].Name}");
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
