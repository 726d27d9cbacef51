using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Catalog;

/// <summary>Gives a tenant the root category (with its attribute schema) of each vertical it serves.</summary>
internal sealed class VerticalCategories(Database database, TimeProvider time) : IVerticalSetup
{
    public async Task AddAsync(DbConnection connection, DbTransaction transaction, long tenantId, IEnumerable<string> verticals)
    {
        var existing = await connection.QueryAsync<string>(
            "SELECT vertical FROM categories WHERE tenant_id = @tenantId AND parent_id IS NULL", new { tenantId }, transaction);
        var categories = new CategoryStore(database, time);
        foreach (var vertical in verticals.Except(existing))
        {
            var template = VerticalTemplates.For(vertical);
            await categories.InsertAsync(connection, transaction, tenantId, null, template.Slug, template.Name, vertical, template.Attributes);
        }
    }
}
