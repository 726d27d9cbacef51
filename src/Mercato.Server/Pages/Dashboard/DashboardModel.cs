using Mercato.Server.Accounts;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Catalog;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages.Dashboard;

public sealed record KeyView(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Everything the seller dashboard shows for one seller.</summary>
public sealed record DashboardModel(
    Tenant Tenant,
    Seller Seller,
    IReadOnlyList<Seller> MySellers,
    IReadOnlyList<Listing> Listings,
    IReadOnlyList<Category> Categories,
    IReadOnlyList<LeadView> Leads,
    IReadOnlyList<KeyView> Keys,
    string? Query,
    string? Status,
    string? Notice,
    string? NewKey,
    string AntiforgeryField,
    string AntiforgeryToken,
    RenderNav Nav)
{
    /// <summary>Owners see and manage the team and the API keys; staff manage listings and leads.</summary>
    public bool IsOwner { get; init; }

    public IReadOnlyList<MemberView> Members { get; init; } = [];

    public IReadOnlyList<InvitationView> Invitations { get; init; } = [];
}
