using System.Data.Common;
using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Catalog;

/// <summary>A tenant's category tree. A category's schema is its ancestors' attributes followed by its own.</summary>
internal sealed class CategoryStore(Database database, TimeProvider time)
{
    public async Task<long> InsertAsync(
        DbConnection connection,
        DbTransaction transaction,
        long tenantId,
        long? parentId,
        string slug,
        string name,
        string vertical,
        IReadOnlyList<AttributeDefinition> attributes) =>
        await connection.ExecuteScalarAsync<long>(
            $"""
            INSERT INTO categories (tenant_id, parent_id, slug, name, vertical, attributes, created_at)
            VALUES (@tenantId, @parentId, @slug, @name, @vertical, {database.Json("@attributes")}, @now)
            RETURNING id
            """,
            new { tenantId, parentId, slug, name, vertical, attributes = JsonSerializer.Serialize(attributes, JsonDefaults.Options), now = time.GetUtcNow() },
            transaction);

    public async Task<IReadOnlyList<Category>> ListAsync(long tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, tenantId);
    }

    public static async Task<IReadOnlyList<Category>> ListAsync(DbConnection connection, long tenantId, DbTransaction? transaction = null)
    {
        var rows = (await connection.QueryAsync<CategoryRow>(
            "SELECT id, parent_id AS ParentId, slug, name, vertical, attributes FROM categories WHERE tenant_id = @tenantId ORDER BY id",
            new { tenantId },
            transaction)).ToList();
        var own = rows.ToDictionary(
            r => r.Id,
            r => new Category(r.Id, tenantId, r.ParentId, r.Slug, r.Name, r.Vertical,
                JsonSerializer.Deserialize<List<AttributeDefinition>>(r.Attributes, JsonDefaults.Options) ?? []));
        return own.Values.Select(c => c with { Attributes = Inherited(c, own) }).ToList();
    }

    public async Task<Category?> FindAsync(long tenantId, string slug, CancellationToken cancellationToken = default) =>
        (await ListAsync(tenantId, cancellationToken)).FirstOrDefault(c => c.Slug == slug);

    private static List<AttributeDefinition> Inherited(Category category, Dictionary<long, Category> all)
    {
        var chain = new List<Category>();
        for (Category? c = category; c is not null && chain.Count < 32; c = c.ParentId is { } p ? all.GetValueOrDefault(p) : null)
        {
            chain.Add(c);
        }

        chain.Reverse();
        return chain.SelectMany(c => c.OwnAttributes).ToList();
    }

    private sealed record CategoryRow(long Id, long? ParentId, string Slug, string Name, string Vertical, string Attributes);
}
