using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Tests.Infrastructure;

public abstract class MigrationTests
{
    protected abstract string? SkipReason { get; }

    internal abstract Task<DatabaseOptions> NewDatabaseAsync();

    [SkippableFact]
    public async Task Migrating_a_fresh_database_applies_everything_and_a_second_run_is_a_no_op()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var database = new Database(await NewDatabaseAsync());
        var migrator = new Migrator(database, TimeProvider.System);

        (await migrator.CurrentVersionAsync()).ShouldBe(0);
        var first = await migrator.MigrateAsync();
        first.Count.ShouldBe(migrator.Available.Count);
        (await migrator.CurrentVersionAsync()).ShouldBe(migrator.LatestVersion);

        var second = await migrator.MigrateAsync();
        second.ShouldBeEmpty();
        await using var connection = await database.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(migrator.Available.Count);
    }

    /// <summary>
    /// Through the app's <see cref="Database"/> and raw SQL (below every store's own checks), both engines refuse a listing
    /// whose seller or category belongs to another marketplace, with a constraint error naming the rule.
    /// </summary>
    [SkippableFact]
    public async Task Listings_must_refer_to_a_seller_and_a_category_of_their_own_marketplace()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var database = new Database(await NewDatabaseAsync());
        await new Migrator(database, TimeProvider.System).MigrateAsync();
        await using var connection = await database.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        async Task<(long Tenant, long Seller, long Category)> MarketplaceAsync(string slug)
        {
            var tenant = await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO tenants (slug, name, default_currency, verticals, branding, created_at, updated_at) VALUES (@slug, @slug, 'USD', {database.Json("'[]'")}, {database.Json("'{}'")}, @now, @now) RETURNING id",
                new { slug, now });
            var seller = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO sellers (tenant_id, external_id, name, kind, status, created_at, updated_at) VALUES (@tenant, 'dealer', 'Dealer', 'dealer', 'active', @now, @now) RETURNING id",
                new { tenant, now });
            var category = await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO categories (tenant_id, slug, name, vertical, attributes, created_at) VALUES (@tenant, 'cars', 'Cars', 'vehicles', {database.Json("'[]'")}, @now) RETURNING id",
                new { tenant, now });
            return (tenant, seller, category);
        }

        var a = await MarketplaceAsync("a");
        var b = await MarketplaceAsync("b");
        Task<int> InsertAsync(long tenant, long seller, long category, string externalId) => connection.ExecuteAsync(
            $"""
            INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, attributes, version, created_at, updated_at)
            VALUES (@tenant, @seller, @category, @externalId || '1', 'active', 'A car', {database.Json("'{}'")}, 1, @now, @now),
                   (@tenant, @seller, @category, @externalId || '2', 'active', 'A car', {database.Json("'{}'")}, 1, @now, @now),
                   (@tenant, @seller, @category, @externalId || '3', 'active', 'A car', {database.Json("'{}'")}, 1, @now, @now)
            """, new { tenant, seller, category, externalId, now });

        (await InsertAsync(a.Tenant, a.Seller, a.Category, "ok")).ShouldBe(3);
        foreach (var (seller, category) in new[] { (b.Seller, a.Category), (a.Seller, b.Category), (a.Seller + 1000, a.Category), (a.Seller, a.Category + 1000) })
        {
            ShouldViolateReference(await Should.ThrowAsync<DbException>(() => InsertAsync(a.Tenant, seller, category, "bad")));
        }

        ShouldViolateReference(await Should.ThrowAsync<DbException>(() => connection.ExecuteAsync(
            "UPDATE listings SET seller_id = @seller WHERE tenant_id = @tenant", new { seller = b.Seller, tenant = a.Tenant })), rule: true);
        ShouldViolateReference(await Should.ThrowAsync<DbException>(() => connection.ExecuteAsync(
            "UPDATE listings SET category_id = @category WHERE tenant_id = @tenant", new { category = b.Category, tenant = a.Tenant })), rule: true);
        ShouldViolateReference(await Should.ThrowAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM sellers WHERE id = @Seller", new { a.Seller })), rule: false);
        (await connection.ExecuteAsync("UPDATE listings SET title = 'Renamed' WHERE tenant_id = @Tenant", new { a.Tenant })).ShouldBe(3);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM listings")).ShouldBe(3);

        // Deleting a marketplace still takes its listings with it, and leaves the other one alone.
        (await InsertAsync(b.Tenant, b.Seller, b.Category, "other")).ShouldBe(3);
        await connection.ExecuteAsync("DELETE FROM tenants WHERE id = @Tenant", new { a.Tenant });
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM listings")).ShouldBe(3);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sellers")).ShouldBe(1);
    }

    /// <summary>
    /// PostgreSQL: foreign_key_violation; SQLite: a constraint error (the trigger's RAISE, or the foreign key for a row
    /// that does not exist at all). Where the same-marketplace rule refused (<paramref name="rule"/>), both name it.
    /// </summary>
    private static void ShouldViolateReference(DbException refused, bool? rule = null)
    {
        switch (refused)
        {
            case Npgsql.PostgresException postgres:
                postgres.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.ForeignKeyViolation);
                break;
            case Microsoft.Data.Sqlite.SqliteException sqlite:
                sqlite.SqliteErrorCode.ShouldBe(19, sqlite.Message); // SQLITE_CONSTRAINT
                break;
            default:
                throw new ShouldAssertException($"unexpected {refused.GetType().Name}: {refused.Message}");
        }

        if (rule == true)
        {
            refused.Message.ShouldContain("which that marketplace does not have");
        }
    }

    [SkippableFact]
    public async Task Every_dialect_has_the_same_migrations()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var sqlite = new Database(new DatabaseOptions { DataDir = TestDatabases.NewSqliteDirectory() });
        await using var database = new Database(await NewDatabaseAsync());
        new Migrator(database, TimeProvider.System).Available.Select(m => (m.Version, m.Name))
            .ShouldBe(new Migrator(sqlite, TimeProvider.System).Available.Select(m => (m.Version, m.Name)));
    }
}

public sealed class SqliteMigrationTests : MigrationTests
{
    protected override string? SkipReason => null;

    internal override Task<DatabaseOptions> NewDatabaseAsync() =>
        Task.FromResult(new DatabaseOptions { DataDir = TestDatabases.NewSqliteDirectory() });
}

public sealed class PostgresMigrationTests : MigrationTests
{
    protected override string? SkipReason => TestDatabases.PostgresSkipReason;

    internal override async Task<DatabaseOptions> NewDatabaseAsync() =>
        new() { ConnectionString = await TestDatabases.CreatePostgresDatabaseAsync() };

    [SkippableFact]
    public async Task Serving_refuses_an_unmigrated_database_with_a_one_line_reason()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var database = new Database(await NewDatabaseAsync());
        var migrator = new Migrator(database, TimeProvider.System);

        var refusal = await Should.ThrowAsync<StartupException>(() => migrator.EnsureCurrentAsync(migrate: false));
        refusal.Message.ShouldContain("schema is at version 0");
        refusal.Message.ShouldContain("mercato migrate");
        refusal.Message.ShouldNotContain("\n");

        (await migrator.EnsureCurrentAsync(migrate: true)).ShouldBe(migrator.Available.Count);
        (await migrator.EnsureCurrentAsync(migrate: false)).ShouldBe(0);
    }

    [SkippableFact]
    public async Task An_unreachable_server_is_a_one_line_reason()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var database = new Database(new DatabaseOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2" });
        var refusal = await Should.ThrowAsync<StartupException>(() => new Migrator(database, TimeProvider.System).EnsureCurrentAsync(migrate: false));
        refusal.Message.ShouldStartWith("cannot use PostgreSQL 127.0.0.1:1/z");
    }
}
