using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace Mercato.Server.Infrastructure;

/// <summary>
/// SQLite's write lock stayed taken longer than the busy timeout (SQLITE_BUSY, 5) or a table was locked
/// (SQLITE_LOCKED, 6): the request did nothing and may be repeated, so it is answered 503 with <c>Retry-After</c>
/// instead of a bare 500. Other exceptions fall through to the default problem details.
/// </summary>
internal sealed class DatabaseBusyHandler(IProblemDetailsService problems, ILogger<DatabaseBusyHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBusy(exception) || http.Response.HasStarted)
        {
            return false;
        }

        InfrastructureLog.DatabaseBusy(logger, http.Request.Method, http.Request.Path);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is busy",
                Detail = $"Another write held the database for too long; nothing was changed. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    internal static bool IsBusy(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }
}
