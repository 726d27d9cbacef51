using Npgsql;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>
/// Where PostgreSQL-backed tests get their server: <c>MERCATO_TEST_POSTGRES</c>. Without it they are skipped with that
/// reason, unless <c>MERCATO_REQUIRE_POSTGRES=1</c>, in which case a missing or unreachable server fails them.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "MERCATO_TEST_POSTGRES";
    public const string RequireVariable = "MERCATO_REQUIRE_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Null when tests may run; otherwise why they are skipped.</summary>
    public static string? PostgresSkipReason =>
        PostgresConnectionString is null && !PostgresRequired ? $"{PostgresVariable} is not set" : null;

    /// <summary>A new, empty database on the test server; the returned connection string points at it.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = PostgresConnectionString
            ?? throw new InvalidOperationException($"{RequireVariable}=1 but {PostgresVariable} is not set");
        var name = $"mercato_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static string NewSqliteDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mercato-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
