using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>One Mercato server on a fresh database of one engine. Tests make their own tenants, so they never share data.</summary>
public abstract class ServerFixture(TestEngine engine) : IAsyncLifetime
{
    /// <summary>The platform admin token the test server accepts; tenant clients send it unless asked not to.</summary>
    public const string AdminToken = "test-admin-token-0123456789";

    private WebApplicationFactory<Program>? _factory;

    public string Engine => engine.Name;

    /// <summary>Why the tests of this fixture are skipped, or null.</summary>
    public string? SkipReason => engine.SkipReason;

    public string? ConnectionString { get; private set; }

    public string? DataDir { get; private set; }

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("fixture not started");

    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        (ConnectionString, DataDir) = await engine.CreateAsync();
        await BeforeStartAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Mercato:Demo:Enabled", "false");
            builder.UseSetting("Mercato:Database:AutoMigrate", "true");
            builder.UseSetting("Mercato:Accounts:AdminToken", AdminToken);
            builder.UseSetting(Mercato.Server.ReferenceData.ReferenceDataOptions.Key, TestReferenceData.Folder ?? "");
            // Every test client reaches the server from the same (absent) address: per-IP form limits would count all tests together.
            builder.UseSetting("Mercato:Accounts:FormPostsPerIpPerMinute", "1000000");
            if (ConnectionString is not null)
            {
                builder.UseSetting("Mercato:Database:ConnectionString", ConnectionString);
            }
            else
            {
                builder.UseSetting("Mercato:Database:DataDir", DataDir);
            }

            Configure(builder);
        });
        _ = _factory.Server;
        await EnsureSchemaAsync();
        await StartedAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await engine.DropAsync(ConnectionString, DataDir);
    }

    /// <summary>
    /// The server migrates before it starts serving, so nothing should be pending here. One CI run saw a PostgreSQL
    /// fixture whose tables were missing after start (not reproduced since); should it happen again, this says so on the
    /// console with the database's name, and applies the migrations so the run still tests what it is meant to test.
    /// </summary>
    private async Task EnsureSchemaAsync()
    {
        var migrator = Services.GetRequiredService<Mercato.Server.Infrastructure.Migrator>();
        var pending = await migrator.PendingAsync();
        if (pending.Count > 0)
        {
            var database = Services.GetRequiredService<Mercato.Server.Infrastructure.Database>();
            await Console.Error.WriteLineAsync($"test fixture: {pending.Count} migration(s) pending after the server started on {database.Description}; applying them");
            await migrator.MigrateAsync();
        }
    }

    /// <summary>Runs before the server is built (start what its settings point at).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Settings or services a fixture adds to the test server.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    /// <summary>Runs once the server has started.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>A new marketplace with its own host name and a client that talks to it.</summary>
    internal async Task<TenantClient> CreateTenantAsync(string currency = "USD", bool asAdmin = true, bool followRedirects = true)
    {
        var slug = $"t{Guid.NewGuid():N}"[..20];
        var host = $"{slug}.test";
        var store = Services.GetRequiredService<TenantStore>();
        var tenant = await store.CreateAsync(new TenantStore.NewTenant(
            slug, $"Test {slug}", [host], currency, Mercato.Server.Catalog.VerticalTemplates.All, TenantBranding.Default));
        Services.GetRequiredService<TenantDirectory>().Invalidate();
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{host}/"), AllowAutoRedirect = followRedirects });
        if (asAdmin)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        }

        return new TenantClient(tenant, client);
    }

    /// <summary>A client for the tenant's host that sends no credentials (a shopper, or an attacker).</summary>
    internal HttpClient AnonymousClient(TenantClient tenant, bool followRedirects = true) =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{tenant.Tenant.Hosts[0]}/"),
            AllowAutoRedirect = followRedirects,
        });
}

internal sealed record TenantClient(Tenant Tenant, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();
}

public class SqliteFixture() : ServerFixture(TestEngine.Sqlite);

public sealed class PostgresFixture() : ServerFixture(TestEngine.Postgres);

/// <summary>Where a test server keeps its data: a fresh SQLite folder or a fresh PostgreSQL database, dropped afterwards.</summary>
public abstract class TestEngine
{
    public static TestEngine Sqlite { get; } = new SqliteEngine();

    public static TestEngine Postgres { get; } = new PostgresEngine();

    public abstract string Name { get; }

    public virtual string? SkipReason => null;

    public abstract Task<(string? ConnectionString, string? DataDir)> CreateAsync();

    public abstract Task DropAsync(string? connectionString, string? dataDir);

    private sealed class SqliteEngine : TestEngine
    {
        public override string Name => "sqlite";

        public override Task<(string?, string?)> CreateAsync() => Task.FromResult<(string?, string?)>((null, TestDatabases.NewSqliteDirectory()));

        public override Task DropAsync(string? connectionString, string? dataDir)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (dataDir is not null && Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class PostgresEngine : TestEngine
    {
        public override string Name => "postgres";

        public override string? SkipReason => TestDatabases.PostgresSkipReason;

        public override async Task<(string?, string?)> CreateAsync() => (await TestDatabases.CreatePostgresDatabaseAsync(), null);

        public override Task DropAsync(string? connectionString, string? dataDir) =>
            connectionString is null ? Task.CompletedTask : TestDatabases.DropPostgresDatabaseAsync(connectionString);
    }
}
