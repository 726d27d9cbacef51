using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Feeds;

/// <summary>Settings of seller feed imports (section <c>Mercato:Feeds</c>), validated at start.</summary>
internal sealed class FeedsOptions
{
    public const string Section = "Mercato:Feeds";

    /// <summary>Rows per write transaction: a crash loses at most this many rows of work, never half of one batch.</summary>
    [Range(100, 1_000_000)]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>Longest CSV field or JSON line read; longer ones make their row an error instead of eating memory.</summary>
    [Range(1_000, 100_000_000)]
    public int MaxFieldChars { get; set; } = 1_048_576;

    /// <summary>Most characters of one CSV record (all its fields); longer records are errors, counted but not stored.</summary>
    [Range(1_000, 1_000_000_000)]
    public int MaxRecordChars { get; set; } = 4 * 1_048_576;

    /// <summary>Most columns of a CSV header or distinct keys of a JSON Lines file: a wider header refuses the file.</summary>
    [Range(10, 100_000)]
    public int MaxColumns { get; set; } = 1_000;

    /// <summary>
    /// SQLite only: most rows of a dry run or an all-or-nothing import (0: no bound). They run in one transaction, which
    /// on SQLite holds the database's only write lock (every marketplace's) until it ends. 50,000 rows hold it about
    /// 2.5 s on a quiet machine (20,000 rows/s) and 15 s on a busy one (3,300 rows/s), within the 30 s other writers
    /// wait. Bigger files: split them, import without those options, or use PostgreSQL.
    /// </summary>
    [Range(0, 100_000_000)]
    public int SqliteSingleTransactionMaxRows { get; set; } = 50_000;

    /// <summary>Full sync refuses to mark more than this share of a seller's active listings unavailable unless forced.</summary>
    [Range(0.0, 1.0)]
    public double FullSyncMaxRemovalShare { get; set; } = 0.3;

    /// <summary>Row issues kept for the report; past this they are only counted.</summary>
    [Range(0, 10_000_000)]
    public int MaxReportedIssues { get; set; } = 100_000;

    /// <summary>Largest upload or fetched file accepted by the API.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Where uploaded and fetched files wait for their import job; default <c>feeds/uploads</c> under the data folder.
    /// With several nodes on PostgreSQL it must be storage every node that runs jobs can read.
    /// </summary>
    public string? UploadDir { get; set; }

    /// <summary>How long a URL fetch may take, body included (the outbound timeouts bound only the headers).</summary>
    [Range(1, 86_400)]
    public int FetchDeadlineSeconds { get; set; } = 600;

    /// <summary>A fetch slower than this over <see cref="MinFetchRateWindowSeconds"/> fails, so a trickling server cannot hold a worker.</summary>
    [Range(0, int.MaxValue)]
    public int MinFetchBytesPerSecond { get; set; } = 1024;

    [Range(1, 3600)]
    public int MinFetchRateWindowSeconds { get; set; } = 30;

    /// <summary>Workers of the <c>imports</c> job queue on each node, unless <c>Mercato:Jobs:Queues:imports</c> says otherwise.</summary>
    [Range(0, 1000)]
    public int ImportWorkers { get; set; } = 2;

    /// <summary>Imports a seller may have queued, running or interrupted at once; past it the API answers 429.</summary>
    [Range(1, 10_000)]
    public int MaxActiveImportsPerSeller { get; set; } = 3;

    /// <summary>How many times an import whose process died is resumed; the next death ends it failed.</summary>
    [Range(0, 100)]
    public int MaxResumes { get; set; } = 3;

    /// <summary>How often a node looks for imports whose process died, to mark them interrupted and resume them.</summary>
    [Range(1, 3600)]
    public int InterruptedCheckSeconds { get; set; } = 30;
}
