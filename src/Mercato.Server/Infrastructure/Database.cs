using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mercato.Server.Infrastructure;

internal enum DbDialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The one place that knows which database engine we run on. Handlers open connections here and write
/// SQL that both engines accept; the few differences are spelled out by <see cref="Dialect"/> helpers.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;
    private volatile bool _walEnabled;

    static Database()
    {
        // SQLite hands times back as text and PostgreSQL as DateTime; records mapped by Dapper want DateTimeOffset.
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    public Database(DatabaseOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Dialect = DbDialect.Postgres;
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            builder.ApplicationName ??= "mercato";
            _postgres = NpgsqlDataSource.Create(builder.ConnectionString);
            Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        else
        {
            Dialect = DbDialect.Sqlite;
            var dataDir = Path.GetFullPath(options.DataDir);
            try
            {
                Directory.CreateDirectory(dataDir);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new Cli.StartupException($"cannot create the data folder '{dataDir}': {exception.Message}");
            }
            var file = Path.Combine(dataDir, "mercato.db");
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = file,
                ForeignKeys = true,
                DefaultTimeout = Math.Clamp(options.BusyTimeoutSeconds, 1, 3600),
                Pooling = true,
            }.ToString();
            Description = $"SQLite {file}";
        }
    }

    public DbDialect Dialect { get; }

    public string Description { get; }

    public bool IsPostgres => Dialect == DbDialect.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // WAL is persistent in the file, so it is switched on by the first connection only (asking again on every
        // open competes for the file lock); synchronous=NORMAL is per connection, safe under WAL, and much faster.
        pragma.CommandText = _walEnabled ? "PRAGMA synchronous=NORMAL;" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        _walEnabled = true;
        return connection;
    }

    /// <summary>Begins a write transaction (IMMEDIATE on SQLite, so concurrent writers queue instead of failing on upgrade).</summary>
    public static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }

        return await connection.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>SQL reading a JSON column as text (keeps SQLite's declared column type, which mappers rely on).</summary>
    public string JsonText(string column) => IsPostgres ? $"CAST({column} AS text)" : column;

    /// <summary>SQL for "column is one of the values in the array parameter" (pass a long[]).</summary>
    public string In(string column, string parameter) => IsPostgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    /// <summary>SQL for a parameter holding JSON text: PostgreSQL stores it as jsonb.</summary>
    public string Json(string parameter) => IsPostgres ? $"CAST({parameter} AS jsonb)" : parameter;

    /// <summary>SQL reading a boolean column as 0/1 (SQLite stores booleans so; PostgreSQL's boolean does not convert to a number by itself).</summary>
    public string BoolAsInteger(string column) => IsPostgres ? $"{column}::int::bigint" : column;

    /// <summary>A boolean parameter value: SQLite keeps 0 and 1.</summary>
    public object Bool(bool value) => IsPostgres ? value : value ? 1 : 0;

    /// <summary>Column type of a 64-bit integer key in DDL (SQLite's INTEGER PRIMARY KEY is the rowid).</summary>
    public string BigIntType => IsPostgres ? "bigint" : "INTEGER";

    /// <summary>
    /// Clause after a SELECT that claims rows: PostgreSQL skips rows other transactions hold. SQLite has one writer at a
    /// time, so there is nothing to lock or skip.
    /// </summary>
    public string ForUpdateSkipLocked => IsPostgres ? "FOR UPDATE SKIP LOCKED" : "";

    /// <summary>
    /// Prefix for a statement whose transaction may be lost by a crash of the server without harm (PostgreSQL skips
    /// the wait for the WAL flush). SQLite connections run with synchronous=NORMAL anyway.
    /// </summary>
    public string AsynchronousCommit => IsPostgres ? "SET LOCAL synchronous_commit = off; " : "";

    /// <summary>
    /// Suffix for a statement that also wakes the listeners of <paramref name="channel"/> when its transaction commits
    /// (PostgreSQL NOTIFY). SQLite has no other process to wake; its callers signal their own process instead.
    /// </summary>
    public string Notify(string channel, string payloadSql) => IsPostgres ? $"; SELECT pg_notify('{channel}', {payloadSql})" : "";

    /// <summary>
    /// Takes the advisory lock <paramref name="key"/> until <paramref name="transaction"/> ends (PostgreSQL). SQLite has a
    /// single writer, whose write transaction serialises the same work already.
    /// </summary>
    public Task LockForTransactionAsync(DbConnection connection, DbTransaction transaction, long key) =>
        IsPostgres ? connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key }, transaction) : Task.CompletedTask;

    /// <summary>
    /// Takes the advisory lock on (<paramref name="lockClass"/>, <paramref name="name"/>) until <paramref name="transaction"/>
    /// ends (PostgreSQL; the name is hashed, so two names may share a lock, which only serialises them). SQLite: see above.
    /// </summary>
    public Task LockForTransactionAsync(DbConnection connection, DbTransaction transaction, int lockClass, string name) =>
        IsPostgres
            ? connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@lockClass, hashtext(@name))", new { lockClass, name }, transaction)
            : Task.CompletedTask;

    /// <summary>
    /// Takes the advisory lock <paramref name="key"/> for as long as <paramref name="connection"/> holds it, across
    /// transactions, waiting for another node to release it (PostgreSQL). SQLite has one process writing, and its
    /// write transactions serialise the work.
    /// </summary>
    public Task LockSessionAsync(DbConnection connection, long key) =>
        IsPostgres ? connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key }) : Task.CompletedTask;

    /// <summary>Releases what <see cref="LockSessionAsync"/> took.</summary>
    public Task UnlockSessionAsync(DbConnection connection, long key) =>
        IsPostgres ? connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key }) : Task.CompletedTask;

    /// <summary>Whether a table of this name exists in the schema the connection uses.</summary>
    public async Task<bool> TableExistsAsync(DbConnection connection, string table) =>
        IsPostgres
            ? await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table })
            : await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }
}

internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value;

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"cannot read {value.GetType().Name} as a time"),
    };
}
