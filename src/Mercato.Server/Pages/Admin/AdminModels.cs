using Mercato.Server.Accounts.Web;
using Mercato.Server.Catalog;
using Mercato.Server.Moderation;
using Mercato.Server.Pages.Shop;
using Mercato.Server.Payments;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages.Admin;

/// <summary>What every admin page carries: the tenant, the visitor's navigation, the antiforgery pair and a notice after an action.</summary>
public sealed record AdminFrame(Tenant Tenant, RenderNav Nav, bool PlatformAdmin, string AntiforgeryField, string AntiforgeryToken, string? Notice, string? Error);

public sealed record AdminHomeModel(AdminFrame Frame, int PendingSellers, int SuspendedSellers, int HiddenListings, int Listings, IReadOnlyList<ModerationEvent> Recent);

public sealed record AdminSellerRow(Seller Seller, int Listings, IReadOnlyList<string> Actions);

public sealed record AdminSellersModel(AdminFrame Frame, IReadOnlyList<AdminSellerRow> Sellers, string? Status, string? Query);

public sealed record AdminListingRow(Listing Listing, string SellerName);

public sealed record AdminListingsModel(AdminFrame Frame, IReadOnlyList<AdminListingRow> Listings, string? Query, bool HiddenOnly);

public sealed record AdminTenantsModel(AdminFrame Frame, IReadOnlyList<Tenant> Tenants);

public sealed record AdminOrdersModel(AdminFrame Frame, IReadOnlyList<OrderCard> Orders, string? Query, string? State, IReadOnlyList<string> States);

public sealed record AdminOrderModel(AdminFrame Frame, OrderCard Card, IReadOnlyList<LedgerEntry> Ledger)
{
    public long LedgerSum => Ledger.Sum(e => e.Amount);
}
