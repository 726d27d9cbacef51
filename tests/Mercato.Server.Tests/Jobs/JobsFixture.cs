using System.Collections.Concurrent;
using Mercato.Server.Jobs;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Jobs;

/// <summary>
/// A Mercato server with fast job settings, test job kinds and a clock the tests can move forward, on a fresh
/// database of one engine. Tests use their own tenants, tags and unique keys, so they never depend on each other.
/// </summary>
public abstract class JobsFixture(TestEngine engine) : ServerFixture(engine)
{
    internal ShiftedTime Clock { get; } = new();

    internal TestJournal Journal { get; } = new();

    /// <summary>Settings shared by this server and any second node a test starts.</summary>
    public static Dictionary<string, string?> JobSettings() => new()
    {
        ["Mercato:Accounts:AdminToken"] = AdminToken,
        ["Mercato:Jobs:PollInterval"] = "00:00:00.100",
        ["Mercato:Jobs:RescueAfter"] = "00:00:03",
        ["Mercato:Jobs:ShutdownTimeout"] = "00:00:02",
        ["Mercato:Jobs:BackoffBase"] = "00:10:00",
        ["Mercato:Jobs:BackoffJitter"] = "0.2",
        ["Mercato:Jobs:Queues:default:Concurrency"] = "4",
        ["Mercato:Jobs:Queues:serial:Concurrency"] = "1",
        ["Mercato:Jobs:Queues:procs:Concurrency"] = "0",
        ["Mercato:Jobs:Schedules:every-minute:Cron"] = "* * * * *",
        ["Mercato:Jobs:Schedules:every-minute:Kind"] = NoopJob.Kind,
        ["Mercato:Jobs:Budgets:webhooks:Limit"] = "2",
        ["Mercato:Jobs:Budgets:webhooks:Period"] = "Minute",
        ["Mercato:Jobs:Budgets:youtube:Limit"] = "10000",
        ["Mercato:Jobs:Budgets:youtube:Period"] = "Day",
        ["Mercato:Jobs:Budgets:youtube:TimeZone"] = "America/Los_Angeles",
    };

    protected override void Configure(IWebHostBuilder builder)
    {
        foreach (var (key, value) in JobSettings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(Journal);
            TestJobs.Add(services);
        });
    }

    protected override Task StartedAsync() => DiagnosticsTable.EnsureAsync(Services.GetRequiredService<Mercato.Server.Infrastructure.Database>());

    /// <summary>A new marketplace; its client sends the admin token unless told not to, and does not follow redirects.</summary>
    internal Task<TenantClient> CreateTenantAsync(bool admin = true) => CreateTenantAsync("USD", admin, followRedirects: false);
}

public sealed class SqliteJobsFixture() : JobsFixture(TestEngine.Sqlite);

public sealed class PostgresJobsFixture() : JobsFixture(TestEngine.Postgres);

/// <summary>Real time plus an offset the test moves forward; timers stay real.</summary>
internal sealed class ShiftedTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>What test jobs did, by tag.</summary>
internal sealed class TestJournal
{
    public ConcurrentQueue<(string Tag, long Id, int Attempt)> Runs { get; } = new();

    public IReadOnlyList<(string Tag, long Id, int Attempt)> For(string tag) => Runs.Where(r => r.Tag == tag).ToList();
}
