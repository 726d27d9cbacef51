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
    public async Task Listings_must_refer_to_a_seller_and_a_category_of_their_own_marketplace()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var database = new Database(await NewDatabaseAsync());
        await new Migrator(database, TimeProvider.System).MigrateAsync();
        await using var connection = await database.OpenAsync();
        async Task<(long Tenant, long Seller, long Category)> MarketplaceAsync(string slug) =>
            await connection.QuerySingleAsync<(long, long, long)>(
                """
                WITH t AS (INSERT INTO tenants (slug, name, default_currency, verticals, branding, created_at, updated_at)
                           VALUES (@slug, @slug, 'USD', '[]', '{}', now(), now()) RETURNING id),
                     s AS (INSERT INTO sellers (tenant_id, external_id, name, kind, status, created_at, updated_at)
                           SELECT id, 'dealer', 'Dealer', 'dealer', 'active', now(), now() FROM t RETURNING id),
                     c AS (INSERT INTO categories (tenant_id, slug, name, vertical, attributes, created_at)
                           SELECT id, 'cars', 'Cars', 'vehicles', '[]', now() FROM t RETURNING id)
                SELECT (SELECT id FROM t), (SELECT id FROM s), (SELECT id FROM c)
                """, new { slug });
        var a = await MarketplaceAsync("a");
        var b = await MarketplaceAsync("b");
        Task<int> InsertAsync(long tenant, long seller, long category, string externalId) => connection.ExecuteAsync(
            """
            INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, attributes, version, created_at, updated_at)
            SELECT @tenant, @seller, @category, @externalId || n, 'active', 'A car', '{}', 1, now(), now() FROM generate_series(1, 3) AS n
            """, new { tenant, seller, category, externalId });

        (await InsertAsync(a.Tenant, a.Seller, a.Category, "ok")).ShouldBe(3);
        foreach (var (seller, category) in new[] { (b.Seller, a.Category), (a.Seller, b.Category), (a.Seller + 1000, a.Category), (a.Seller, a.Category + 1000) })
        {
            var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => InsertAsync(a.Tenant, seller, category, "bad"));
            refused.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.ForeignKeyViolation);
        }

        var moved = await Should.ThrowAsync<Npgsql.PostgresException>(() => connection.ExecuteAsync(
            "UPDATE listings SET seller_id = @seller WHERE tenant_id = @tenant", new { seller = b.Seller, tenant = a.Tenant }));
        moved.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.ForeignKeyViolation);
        var orphaning = await Should.ThrowAsync<Npgsql.PostgresException>(() => connection.ExecuteAsync("DELETE FROM sellers WHERE id = @Seller", new { a.Seller }));
        orphaning.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.ForeignKeyViolation);
        (await connection.ExecuteAsync("UPDATE listings SET title = 'Renamed' WHERE tenant_id = @Tenant", new { a.Tenant })).ShouldBe(3);

        // Deleting a marketplace still takes its listings with it, and leaves the other one alone.
        (await InsertAsync(b.Tenant, b.Seller, b.Category, "other")).ShouldBe(3);
        await connection.ExecuteAsync("DELETE FROM tenants WHERE id = @Tenant", new { a.Tenant });
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM listings")).ShouldBe(3);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sellers")).ShouldBe(1);
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
