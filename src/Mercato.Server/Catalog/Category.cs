namespace Mercato.Server.Catalog;

/// <summary>A node of a tenant's category tree. Attributes are the category's own plus its ancestors'.</summary>
public sealed record Category(
    long Id,
    long TenantId,
    long? ParentId,
    string Slug,
    string Name,
    string Vertical,
    IReadOnlyList<AttributeDefinition> OwnAttributes)
{
    /// <summary>The full schema, ancestors first; filled by the store.</summary>
    public IReadOnlyList<AttributeDefinition> Attributes { get; init; } = OwnAttributes;

    public AttributeDefinition? Find(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }
}
