using System.Data.Common;

namespace Mercato.Server.Tenancy;

/// <summary>
/// What a marketplace gets when it starts serving a vertical, added in the transaction that creates or extends the
/// tenant. Implemented above Tenancy (Catalog creates the vertical's root category), so Tenancy depends on no feature.
/// </summary>
internal interface IVerticalSetup
{
    /// <summary>Adds what <paramref name="verticals"/> need and the tenant does not have yet; verticals already set up are skipped.</summary>
    Task AddAsync(DbConnection connection, DbTransaction transaction, long tenantId, IEnumerable<string> verticals);
}
