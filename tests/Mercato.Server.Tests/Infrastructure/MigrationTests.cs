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
    public async Task An_unreachable_server_is_a_one_line_reason()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var database = new Database(new DatabaseOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2" });
        var refusal = await Should.ThrowAsync<StartupException>(() => new Migrator(database, TimeProvider.System).EnsureCurrentAsync(migrate: false));
        refusal.Message.ShouldStartWith("cannot use PostgreSQL 127.0.0.1:1/z");
    }
}
