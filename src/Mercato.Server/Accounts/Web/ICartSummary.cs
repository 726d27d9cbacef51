namespace Mercato.Server.Accounts.Web;

/// <summary>
/// How many items the visitor's cart holds, for the header's Cart link. Orders implements it: the page frame lives
/// here, below Orders in the dependency order, and must not name it.
/// </summary>
internal interface ICartSummary
{
    Task<long> ItemsAsync(HttpContext http, long tenantId, CancellationToken cancellationToken);
}
