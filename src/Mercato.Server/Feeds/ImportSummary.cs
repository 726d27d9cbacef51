using System.Globalization;
using System.Text.Json;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Feeds;

/// <summary>What <c>mercato import</c> prints when it ends: a few lines for people, or the import record as JSON for scripts.</summary>
internal static class ImportSummary
{
    /// <summary>The same record <c>GET /api/feeds/imports/{id}</c> returns, on one line.</summary>
    public static void WriteJson(FeedImport import) => Console.WriteLine(JsonSerializer.Serialize(import, JsonDefaults.Options));

    public static async Task WriteTextAsync(FeedImportStore store, FeedImport import)
    {
        var c = import.Counts;
        var duration = import.DurationSeconds ?? 0;
        var rate = duration > 0 ? c.Read / duration : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import #{import.Id} {(import.Options.DryRun ? "(dry run, nothing written) " : "")}{import.Status}: {c.Read:N0} rows read in {duration:F1} s ({rate:N0} rows/s), {import.Format ?? "?"}, {import.Encoding ?? "?"}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  created {c.Created:N0}  updated {c.Updated:N0}  unchanged {c.Unchanged:N0}  removed {c.Removed:N0}  rejected {c.Rejected:N0}  sellers created {c.SellersCreated:N0}"));
        foreach (var warning in import.Warnings)
        {
            Console.WriteLine($"  warning: {warning}");
        }

        if (import.Error is not null)
        {
            Console.WriteLine($"  error: {import.Error}");
        }

        var shown = 0;
        await foreach (var issue in store.IssuesAsync(import.TenantId, import.Id))
        {
            if (shown++ == 10)
            {
                Console.WriteLine($"  … {c.Issues - 10:N0} more; write them all with --report FILE.csv");
                break;
            }

            Console.WriteLine($"  line {issue.Line}: {issue.Field ?? "row"}{(issue.Value is null ? "" : $" '{FeedRowBuilder.Cut(issue.Value, 60)}'")}: {issue.Reason}");
        }
    }
}
