using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mercato.Server.Tests.Infrastructure;

public static class ApiExtensions
{
    public const string ValidVin = "1HGCM82633A004352";

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsync(url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static async Task<long> CreateSellerAsync(this HttpClient client, string externalId, string postalCode = "10001", string kind = "dealer")
    {
        var response = await client.PostJsonAsync("api/sellers", new { externalId, name = $"Seller {externalId}", kind, postalCode });
        return (long)(await response.JsonAsync(HttpStatusCode.Created))["id"]!;
    }

    public static object Vehicle(long sellerId, string externalId, int year = 2019, int mileage = 42_000, long price = 1_899_000) => new
    {
        externalId,
        sellerId,
        category = "vehicles",
        title = $"{year} Honda Accord EX",
        description = "One owner, clean title.",
        price = new { amount = price, currency = "USD" },
        attributes = new Dictionary<string, object>
        {
            ["vin"] = ValidVin,
            ["year"] = year,
            ["make"] = "Honda",
            ["model"] = "Accord",
            ["trim"] = "EX",
            ["body"] = "sedan",
            ["fuel"] = "gasoline",
            ["transmission"] = "automatic",
            ["drivetrain"] = "fwd",
            ["exterior_color"] = "blue",
            ["condition"] = "used",
            ["mileage"] = mileage,
        },
    };

    public static async Task<JsonObject> CreateVehicleAsync(this HttpClient client, long sellerId, string externalId, int year = 2019)
    {
        var response = await client.PostJsonAsync("api/listings", Vehicle(sellerId, externalId, year));
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>A vehicle of the given make and model, titled "year make model".</summary>
    public static async Task CreateVehicleAsync(this HttpClient http, long seller, string externalId, string make, string model, int year, long price)
    {
        var vehicle = JsonNode.Parse(JsonSerializer.Serialize(Vehicle(seller, externalId, year, price: price)))!.AsObject();
        vehicle["title"] = $"{year} {make} {model}";
        vehicle["attributes"]!["make"] = make;
        vehicle["attributes"]!["model"] = model;
        await (await http.PostJsonAsync("api/listings", vehicle)).JsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonArray> ChangesAsync(this HttpClient client, long after = 0) =>
        (await client.GetFromJsonAsync<JsonArray>($"api/changes?after={after}&limit=1000"))!;
}
