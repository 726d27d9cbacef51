using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Search;

internal sealed class SearchOptions
{
    public const string Section = "Mercato:Search";

    /// <summary>How often each node reads the change log; a committed change is searchable about this long after.</summary>
    [Range(10, 10_000)]
    public int PollMilliseconds { get; set; } = 200;

    /// <summary>Changes read per round trip while catching up.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 5_000;
}
