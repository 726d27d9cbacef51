namespace Mercato.Server.Infrastructure;

/// <summary>One page of a keyset-paginated list; pass <see cref="Next"/> as <c>after</c> to get the following page.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
