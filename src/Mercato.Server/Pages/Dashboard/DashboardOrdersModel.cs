using Mercato.Server.Pages.Shop;
using Mercato.Server.Sellers;

namespace Mercato.Server.Pages.Dashboard;

public sealed record DashboardOrdersModel(
    ShopFrame Frame, Seller Seller, IReadOnlyList<OrderCard> Orders, string? State, IReadOnlyList<string> States,
    IReadOnlyList<(string Currency, long Amount)> Balance, long? Next);

public sealed record DashboardOrderModel(ShopFrame Frame, Seller Seller, OrderCard Card);
