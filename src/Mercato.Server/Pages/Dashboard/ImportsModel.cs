using Mercato.Server.Accounts.Web;
using Mercato.Server.Feeds;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages.Dashboard;

/// <summary>A feed import as the dashboard shows it.</summary>
public sealed record ImportView(
    long Id, string Source, string Status, bool DryRun, bool FullSync, long Read, long Created, long Updated, long Unchanged, long Removed,
    long Rejected, long Issues, long CommittedLine, string? Error, IReadOnlyList<string> Warnings, DateTimeOffset CreatedAt, double? DurationSeconds)
{
    public bool Finished => FeedImportStatus.IsFinished(Status);

    internal static ImportView From(FeedImport i) => new(
        i.Id, i.Source, i.Status, i.Options.DryRun, i.Options.FullSync, i.Counts.Read, i.Counts.Created, i.Counts.Updated, i.Counts.Unchanged,
        i.Counts.Removed, i.Counts.Rejected, i.Counts.Issues, i.CommittedLine, i.Error, i.Warnings, i.CreatedAt, i.DurationSeconds);
}

/// <summary>The seller's feed imports: the upload form, recent imports, and one import's progress and report.</summary>
public sealed record ImportsModel(
    Tenant Tenant, Seller Seller, RenderNav Nav, string AntiforgeryField, string AntiforgeryToken, IReadOnlyList<ImportView> Imports, ImportView? Current,
    string? Error, long MaxUploadBytes);
