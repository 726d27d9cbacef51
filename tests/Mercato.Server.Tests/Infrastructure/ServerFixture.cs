using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>One Mercato server on a fresh database of one engine. Tests make their own tenants, so they never share data.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    /// <summary>The platform admin token the test server accepts; tenant clients send it unless asked not to.</summary>
    public const string AdminToken = "test-admin-token-0123456789";

    private WebApplicationFactory<Program>? _factory;

    public abstract string Engine { get; }

    /// <summary>Why the tests of this fixture are skipped, or null.</summary>
    public virtual string? SkipReason => null;

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

        (ConnectionString, DataDir) = await CreateDatabaseAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Mercato:Demo:Enabled", "false");
            builder.UseSetting("Mercato:Database:AutoMigrate", "true");
            builder.UseSetting("Mercato:Accounts:AdminToken", AdminToken);
            if (ConnectionString is not null)
            {
                builder.UseSetting("Mercato:Database:ConnectionString", ConnectionString);
            }
            else
            {
                builder.UseSetting("Mercato:Database:DataDir", DataDir);
            }
        });
        _ = _factory.Server;
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

    /// <summary>A new marketplace with its own host name and a client that talks to it.</summary>
    internal async Task<TenantClient> CreateTenantAsync(string currency = "USD", bool asAdmin = true)
    {
        var slug = $"t{Guid.NewGuid():N}"[..20];
        var host = $"{slug}.test";
        var store = Services.GetRequiredService<TenantStore>();
        var tenant = await store.CreateAsync(new TenantStore.NewTenant(
            slug, $"Test {slug}", [host], currency, Mercato.Server.Catalog.VerticalTemplates.All, TenantBranding.Default));
        Services.GetRequiredService<TenantDirectory>().Invalidate();
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{host}/") });
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

public sealed class SqliteFixture : ServerFixture
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

public sealed class PostgresFixture : ServerFixture
{
    public override string Engine => "postgres";

    public override string? SkipReason => TestDatabases.PostgresSkipReason;

    protected override async Task<(string?, string?)> CreateDatabaseAsync() => (await TestDatabases.CreatePostgresDatabaseAsync(), null);

    protected override Task DropDatabaseAsync() =>
        ConnectionString is null ? Task.CompletedTask : TestDatabases.DropPostgresDatabaseAsync(ConnectionString);
}
