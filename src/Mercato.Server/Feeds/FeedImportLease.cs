using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Feeds;

/// <summary>
/// Proof that this process runs an import. The operating system (SQLite: a locked file next to the database) or the
/// server (PostgreSQL: a session advisory lock) drops it when the process dies, so a "running" import whose lease can
/// be taken is known to be dead and may be resumed, and a live one is never run twice.
/// </summary>
internal sealed class FeedImportLease : IAsyncDisposable
{
    private const long KeyBase = 0x46454544L << 32;

    private readonly DbConnection? _connection;
    private readonly FileStream? _file;
    private readonly long _key;

    private FeedImportLease(DbConnection? connection, FileStream? file, long key) => (_connection, _file, _key) = (connection, file, key);

    public static async Task<FeedImportLease?> TryTakeAsync(Database database, DatabaseOptions options, long importId, CancellationToken cancellationToken = default)
    {
        if (database.IsPostgres)
        {
            var connection = await database.OpenAsync(cancellationToken);
            var key = KeyBase | importId;
            if (await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key }))
            {
                return new FeedImportLease(connection, null, key);
            }

            await connection.DisposeAsync();
            return null;
        }

        var directory = Path.Combine(Path.GetFullPath(options.DataDir), "feeds");
        Directory.CreateDirectory(directory);
        try
        {
            var file = new FileStream(Path.Combine(directory, $"import-{importId}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            return new FeedImportLease(null, file, 0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = _key });
            await _connection.DisposeAsync();
        }

        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
