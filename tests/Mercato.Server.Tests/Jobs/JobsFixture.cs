using System.Collections.Concurrent;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Jobs;

/// <summary>
/// A Mercato server with fast job settings, test job kinds and a clock the tests can move forward, on a fresh
/// database of one engine. Tests use their own tenants, tags and unique keys, so they never depend on each other.
/// </summary>
public abstract class JobsFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";

    private WebApplicationFactory<Program>? _factory;

    public abstract string Engine { get; }

    public virtual string? SkipReason => null;

    public string? ConnectionString { get; private set; }

    public string? DataDir { get; private set; }

    internal ShiftedTime Clock { get; } = new();

    internal TestJournal Journal { get; } = new();

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("fixture not started");

    public IServiceProvider Services => Factory.Services;

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

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        (ConnectionString, DataDir) = await CreateDatabaseAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Mercato:Demo:Enabled", "false");
            builder.UseSetting("Mercato:Database:AutoMigrate", "true");
            builder.UseSetting("Mercato:Database:ConnectionString", ConnectionString ?? "");
            builder.UseSetting("Mercato:Database:DataDir", DataDir ?? "");
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
        });
        _ = _factory.Server;
        await DiagnosticsTable.EnsureAsync(Services.GetRequiredService<Mercato.Server.Infrastructure.Database>());
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    protected abstract Task<(string? ConnectionString, string? DataDir)> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>A new marketplace whose client sends the admin token.</summary>
    internal async Task<TenantClient> CreateTenantAsync(bool admin = true)
    {
        var slug = $"t{Guid.NewGuid():N}"[..20];
        var host = $"{slug}.test";
        var store = Services.GetRequiredService<TenantStore>();
        var tenant = await store.CreateAsync(new TenantStore.NewTenant(
            slug, $"Test {slug}", [host], "USD", Mercato.Server.Catalog.VerticalTemplates.All, TenantBranding.Default));
        Services.GetRequiredService<TenantDirectory>().Invalidate();
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{host}/"), AllowAutoRedirect = false });
        if (admin)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        }

        return new TenantClient(tenant, client);
    }
}

public sealed class SqliteJobsFixture : JobsFixture
{
    public override string Engine => "sqlite";

    protected override Task<(string?, string?)> CreateDatabaseAsync() =>
        Task.FromResult<(string?, string?)>((null, TestDatabases.NewSqliteDirectory()));

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (DataDir is not null && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresJobsFixture : JobsFixture
{
    public override string Engine => "postgres";

    public override string? SkipReason => TestDatabases.PostgresSkipReason;

    protected override async Task<(string?, string?)> CreateDatabaseAsync() => (await TestDatabases.CreatePostgresDatabaseAsync(), null);

    protected override Task DropDatabaseAsync() =>
        ConnectionString is null ? Task.CompletedTask : TestDatabases.DropPostgresDatabaseAsync(ConnectionString);
}

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
