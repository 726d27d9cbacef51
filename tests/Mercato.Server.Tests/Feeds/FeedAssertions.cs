using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Feeds;

internal static class FeedAssertions
{
    /// <summary>Every listing of the tenant through the API (keyset pages).</summary>
    public static async Task<List<JsonObject>> ListingsAsync(this TenantClient t)
    {
        var all = new List<JsonObject>();
        string? after = "0";
        while (after is not null)
        {
            var page = (await t.Http.GetFromJsonAsync<JsonObject>($"api/listings?limit=500&after={after}"))!;
            all.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            after = (string?)page["next"];
        }

        return all;
    }

    public static async Task<long> CountAsync(this ServerFixture fixture, string sql, object parameters)
    {
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static async Task<IEnumerable<T>> QueryAsync<T>(this ServerFixture fixture, string sql, object parameters)
    {
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public static Task<long> ChangeCountAsync(this ServerFixture fixture, TenantClient t) =>
        fixture.CountAsync("SELECT count(*) FROM listing_changes WHERE tenant_id = @Id", new { t.Tenant.Id });
}
