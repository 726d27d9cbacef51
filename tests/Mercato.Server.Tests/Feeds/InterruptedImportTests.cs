using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Mercato.Server.Tests.Feeds.FeedTestFiles;

namespace Mercato.Server.Tests.Feeds;

/// <summary>Kills a real <c>mercato import</c> process mid-file: the catalog holds exactly the committed batches and the import resumes.</summary>
[Collection(nameof(SerialConsole))]
public abstract class InterruptedImportTests(ServerFixture fixture)
{
    private static long RowsRead(StringBuilder progress)
    {
        lock (progress)
        {
            var matches = Regex.Matches(progress.ToString(), @"import: ([\d,]+) rows,");
            return matches.Count == 0 ? 0 : long.Parse(matches[^1].Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
    }

    [SkippableFact]
    public async Task Killing_the_process_leaves_the_committed_batches_and_a_rerun_resumes_after_them()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        const int Rows = 40_000;
        var file = Vehicles(Rows, seed: 11);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Mercato.Server.dll"), "import", "--tenant", t.Tenant.Slug, "--file", file, "--batch-size", "200", .. DatabaseArgs(fixture)])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MERCATO_PROGRESS_SECONDS"] = "0.1"; // plain progress lines often enough to stop the import mid-file
        using var child = Process.Start(start)!;
        var database = fixture.Services.GetRequiredService<Database>();

        // Watch the progress line rather than poll the database, so the test never competes for its write lock.
        var progress = new StringBuilder();
        var watcher = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await child.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (progress)
                {
                    progress.Append(buffer, 0, read);
                }
            }
        });
        var clock = Stopwatch.StartNew();
        while (!child.HasExited && RowsRead(progress) < 5_000 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        child.HasExited.ShouldBeFalse($"the import finished before it could be killed: {progress}");
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        await watcher;

        string seenTable;
        await using (var connection = await database.OpenAsync())
        {
            var (importId, status, created, line) = await connection.QuerySingleAsync<(long, string, long, long)>(
                "SELECT id, status, rows_created, committed_line FROM feed_imports WHERE tenant_id = @Id", new { t.Tenant.Id });
            seenTable = $"feed_seen_{importId}";
            status.ShouldBeOneOf(["running", "interrupted"], "its lease is gone with the process; a server may have marked it interrupted");
            line.ShouldBeLessThan(Rows + 1);
            var listings = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM listings WHERE tenant_id = @Id", new { t.Tenant.Id });
            listings.ShouldBe(created, "the catalog is exactly the committed batches");
            listings.ShouldBe(line - 1, "every row up to the committed line, none after it");
            (await fixture.ChangeCountAsync(t)).ShouldBe(listings);
            (await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {seenTable}")).ShouldBe(
                0, "the table outlives the process; it lists only what was seen and not written, and every row here was new");
        }

        var (code, output, error) = await ImportAsync(fixture, t.Tenant.Slug, file);
        code.ShouldBe(0, output + error);
        error.ShouldContain("resuming interrupted import");
        output.ShouldContain($"{Rows:N0} rows read");
        (await fixture.CountAsync("SELECT count(*) FROM listings WHERE tenant_id = @Id", new { t.Tenant.Id })).ShouldBe(Rows);
        (await fixture.ChangeCountAsync(t)).ShouldBe(Rows, "no row was written twice");
        (await fixture.CountAsync("SELECT count(*) FROM feed_imports WHERE tenant_id = @Id AND status = 'completed'", new { t.Tenant.Id })).ShouldBe(1);
        await using (var connection = await database.OpenAsync())
        {
            var tables = database.IsPostgres
                ? "SELECT count(*) FROM pg_class WHERE relname = @seenTable"
                : "SELECT count(*) FROM sqlite_master WHERE name = @seenTable";
            (await connection.ExecuteScalarAsync<long>(tables, new { seenTable })).ShouldBe(0, "an import that ended drops its table of seen listings");
        }
    }
}

public sealed class SqliteInterruptedImportTests(SqliteFixture fixture) : InterruptedImportTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresInterruptedImportTests(PostgresFixture fixture) : InterruptedImportTests(fixture), IClassFixture<PostgresFixture>;
