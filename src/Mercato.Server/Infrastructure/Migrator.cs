using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Infrastructure;

/// <summary>Versioned SQL migrations per dialect, embedded in the assembly as <c>Migrations/{Dialect}/NNNN_name.sql</c>.</summary>
internal sealed class Migrator(Database database, TimeProvider time)
{
    // Any constant works; it only has to be the same on every node so two nodes never migrate at once.
    private const long MigrationLockKey = 0x4D45524341544F;

    public sealed record Migration(int Version, string Name, string Sql);

    public IReadOnlyList<Migration> Available { get; } = Load(database.Dialect);

    public int LatestVersion => Available.Count == 0 ? 0 : Available[^1].Version;

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await CurrentVersionAsync(connection);
    }

    /// <summary>Migrations not recorded as applied, oldest first (a gap left by a branch merged late is filled too).</summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PendingAsync(connection);
    }

    /// <summary>Applies what is missing, each migration in its own transaction. Returns the migrations applied.</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(null, cancellationToken);

    /// <param name="onApplied">Told after each migration commits (the CLI's progress).</param>
    /// <param name="cancellationToken">Stops before the next migration.</param>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(Action<Migration>? onApplied, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await database.LockSessionAsync(connection, MigrationLockKey);

        try
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)");
            var applied = new List<Migration>();
            foreach (var migration in await PendingAsync(connection))
            {
                await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { migration.Version, migration.Name, At = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                    transaction);
                await transaction.CommitAsync(cancellationToken);
                applied.Add(migration);
                onApplied?.Invoke(migration);
            }

            return applied;
        }
        finally
        {
            await database.UnlockSessionAsync(connection, MigrationLockKey);
        }
    }

    /// <summary>
    /// Makes sure the schema is current before anything reads it: SQLite (and PostgreSQL when <paramref name="migrate"/>)
    /// applies what is missing; otherwise PostgreSQL on a missing or older schema is refused with a one-line reason.
    /// </summary>
    public async Task<int> EnsureCurrentAsync(bool migrate, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!database.IsPostgres || migrate)
            {
                return (await MigrateAsync(cancellationToken)).Count;
            }

            var pending = await PendingAsync(cancellationToken);
            if (pending.Count > 0)
            {
                var current = await CurrentVersionAsync(cancellationToken);
                throw new StartupException(
                    $"the database schema is at version {current} and this Mercato needs {LatestVersion} ({pending.Count} migration(s) to apply); run 'mercato migrate --database ...' or serve with --migrate");
            }

            return 0;
        }
        catch (Exception exception) when (exception is DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StartupException($"cannot use {database.Description}: {exception.Message}");
        }
    }

    private async Task<IReadOnlyList<Migration>> PendingAsync(DbConnection connection)
    {
        if (!await TableExistsAsync(connection))
        {
            return Available;
        }

        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        return Available.Where(m => !applied.Contains(m.Version)).ToList();
    }

    private Task<bool> TableExistsAsync(DbConnection connection) => database.TableExistsAsync(connection, "schema_migrations");

    private async Task<int> CurrentVersionAsync(DbConnection connection)
    {
        return await TableExistsAsync(connection) ? await connection.ExecuteScalarAsync<int?>("SELECT max(version) FROM schema_migrations") ?? 0 : 0;
    }

    private static List<Migration> Load(DbDialect dialect)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"Mercato.Server.Infrastructure.Migrations.{dialect}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..^".sql".Length];
            var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(fileName.AsSpan(0, underscore), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }
}
