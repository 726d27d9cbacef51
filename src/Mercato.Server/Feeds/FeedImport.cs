using System.Text.Json.Serialization;

namespace Mercato.Server.Feeds;

internal static class FeedImportStatus
{
    /// <summary>Accepted by the API, file stored, not started yet.</summary>
    public const string Queued = "queued";
    public const string Running = "running";

    /// <summary>Its process died mid-run; the rows of committed batches are applied and it resumes after them by itself.</summary>
    public const string Interrupted = "interrupted";
    public const string Completed = "completed";

    /// <summary>Finished; some rows were rejected and are listed in the report, the others were applied.</summary>
    public const string CompletedWithErrors = "completed_with_errors";

    /// <summary>Stopped: unreadable or unfetchable file, all-or-nothing with bad rows, full-sync threshold, or out of attempts. The report says what was applied.</summary>
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or CompletedWithErrors or Failed;
}

/// <summary>How an import was asked for; stored with the record so an interrupted import resumes the same way.</summary>
internal sealed record FeedImportOptions
{
    public string? SellerExternalId { get; init; }

    /// <summary>The mapping's JSON (explicit overrides or the seller's saved mapping).</summary>
    public string? Mapping { get; init; }

    public bool DryRun { get; init; }

    public bool FullSync { get; init; }

    public bool Force { get; init; }

    public bool AllOrNothing { get; init; }

    /// <summary>Where an API import fetches its file from (the job downloads it before importing).</summary>
    public string? Url { get; init; }

    [JsonIgnore]
    public string Mode => FullSync ? "full_sync" : "incremental";
}

/// <summary>The durable record of one import: who, when, which file, the counts so far, where it stands.</summary>
internal sealed record FeedImport
{
    public long Id { get; init; }

    [JsonIgnore]
    public long TenantId { get; init; }

    public string? Seller { get; init; }

    [JsonIgnore]
    public long? SellerId { get; init; }

    public required string RequestedBy { get; init; }

    public required string Source { get; init; }

    [JsonIgnore]
    public string? StoredFile { get; init; }

    public string? FileHash { get; init; }

    public long? FileBytes { get; init; }

    public string? Format { get; init; }

    public string? Encoding { get; init; }

    public required FeedImportOptions Options { get; init; }

    public required string Status { get; init; }

    public string? Error { get; init; }

    public FeedCounts Counts { get; init; } = new();

    /// <summary>Every row up to this line is applied (or was rejected and reported); a resumed import starts after it.</summary>
    public long CommittedLine { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public double? DurationSeconds => StartedAt is { } s && FinishedAt is { } f ? Math.Round((f - s).TotalSeconds, 3) : null;
}

/// <summary>Counts of an import; a dry run's counts say what a real run would do.</summary>
internal sealed record FeedCounts
{
    public long Read { get; init; }

    public long Created { get; init; }

    public long Updated { get; init; }

    public long Unchanged { get; init; }

    public long Removed { get; init; }

    public long Rejected { get; init; }

    public long SellersCreated { get; init; }

    public long Issues { get; init; }

    public FeedCounts Add(FeedCounts other) => new()
    {
        Read = Read + other.Read,
        Created = Created + other.Created,
        Updated = Updated + other.Updated,
        Unchanged = Unchanged + other.Unchanged,
        Removed = Removed + other.Removed,
        Rejected = Rejected + other.Rejected,
        SellersCreated = SellersCreated + other.SellersCreated,
        Issues = Issues + other.Issues,
    };
}
