using System.Globalization;
using System.Security.Claims;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Accounts;

/// <summary>
/// Who is calling, as far as this tenant is concerned: the platform administrator (admin token), a tenant
/// administrator, or members / API keys of some sellers. Handlers take it as a parameter, like <see cref="Tenant"/>.
/// </summary>
internal sealed record Caller(long? UserId, string? Name, bool PlatformAdmin, bool TenantAdmin, IReadOnlySet<long> Sellers)
{
    public const string TenantClaim = "mercato:tenant";
    public const string RoleClaim = "mercato:role";
    public const string SellerClaim = "mercato:seller";
    public const string OwnerClaim = "mercato:owner";
    public const string IssuedClaim = "mercato:issued";
    public const string SessionClaim = "mercato:session";
    public const string PlatformAdminRole = "platform_admin";
    public const string TenantAdminRole = "tenant_admin";
    public const string ShopperRole = "shopper";

    public static Caller Anonymous { get; } = new(null, null, false, false, new HashSet<long>());

    public bool IsAuthenticated => PlatformAdmin || TenantAdmin || UserId is not null || Sellers.Count > 0;

    public bool IsAdmin => PlatformAdmin || TenantAdmin;

    /// <summary>The sellers this caller owns (rather than works for as staff): owners manage the team and API keys.</summary>
    public IReadOnlySet<long> Owned { get; init; } = new HashSet<long>();

    public bool CanManage(long sellerId) => IsAdmin || Sellers.Contains(sellerId);

    public bool CanOwn(long sellerId) => IsAdmin || Owned.Contains(sellerId);

    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult<Caller?>(From(context));

    public static Caller From(HttpContext context)
    {
        var user = context.User;
        var tenant = context.Features.Get<Tenant>();
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var role = user.FindFirstValue(RoleClaim);
        if (role == PlatformAdminRole)
        {
            return new Caller(null, "platform administrator", true, false, new HashSet<long>());
        }

        // A session or key of another tenant means nothing here.
        if (tenant is null || user.FindFirstValue(TenantClaim) != tenant.Id.ToString(CultureInfo.InvariantCulture))
        {
            return Anonymous;
        }

        var sellers = user.FindAll(SellerClaim).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture)).ToHashSet();
        long? userId = long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id) ? id : null;
        var owned = user.FindAll(OwnerClaim).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture)).Where(sellers.Contains).ToHashSet();
        return new Caller(userId, user.FindFirstValue(ClaimTypes.Name), false, role == TenantAdminRole, sellers) { Owned = owned };
    }
}
