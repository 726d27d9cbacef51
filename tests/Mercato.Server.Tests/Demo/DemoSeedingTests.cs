using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Demo;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Demo;

public sealed class DemoSeedingTests
{
    [Fact]
    public async Task A_new_database_gets_the_demo_marketplace_once()
    {
        var dir = TestDatabases.NewSqliteDirectory();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Mercato:Database:DataDir", dir);
            builder.UseSetting("Mercato:Demo:Vehicles", "300");
            builder.UseSetting("Mercato:Demo:Products", "40");
            builder.UseSetting("Mercato:Demo:Agents", "10");
        });
        using var client = factory.CreateClient();

        var counts = await CountByCategoryAsync(client);
        counts.ShouldBe(new Dictionary<string, int> { ["vehicles"] = 300, ["wholesale"] = 40, ["ai-agents"] = 10 });

        // A second start on the same database must not seed again.
        await factory.Services.GetRequiredService<DemoSeeder>().EnsureDefaultTenantAsync();
        (await CountByCategoryAsync(client)).ShouldBe(counts);
    }

    private static async Task<Dictionary<string, int>> CountByCategoryAsync(HttpClient client)
    {
        var counts = new Dictionary<string, int>();
        var after = "0";
        while (after is not null)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"api/listings?limit=500&after={after}"))!;
            foreach (var item in page["items"]!.AsArray())
            {
                var category = (string)item!["category"]!;
                counts[category] = counts.GetValueOrDefault(category) + 1;
            }

            after = (string?)page["next"];
        }

        return counts;
    }
}
