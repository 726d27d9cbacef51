using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Tests;

/// <summary>The wire format as other clients than Stripe.net write it: <c>expand[]</c>, nested keys, basic auth.</summary>
public sealed class FormEncodingTests : EmulatorTest
{
    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, string form, AuthenticationHeaderValue? auth = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.BaseUri, path))
        {
            Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = auth ?? new AuthenticationHeaderValue("Bearer", Emulator.SecretKey);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task Nested_keys_and_expand_brackets_are_read_like_Stripe()
    {
        var (status, body) = await PostAsync("v1/payment_intents",
            "amount=1200&currency=USD&metadata[order]=7&metadata[0]=zero&payment_method=pm_card_mastercard&confirm=true&expand[]=latest_charge&expand[]=payment_method");

        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        body["currency"]!.GetValue<string>().ShouldBe("usd");
        body["metadata"]!["order"]!.GetValue<string>().ShouldBe("7");
        body["metadata"]!["0"]!.GetValue<string>().ShouldBe("zero");
        body["latest_charge"]!["object"]!.GetValue<string>().ShouldBe("charge");
        body["payment_method"]!["card"]!["brand"]!.GetValue<string>().ShouldBe("mastercard");
    }

    [Fact]
    public async Task The_key_is_also_taken_as_the_basic_auth_user_name()
    {
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Emulator.SecretKey + ":")));
        var (status, body) = await PostAsync("v1/accounts", "type=express&capabilities[transfers][requested]=true", basic);
        status.ShouldBe(HttpStatusCode.OK);
        body["capabilities"]!["transfers"]!.GetValue<string>().ShouldBe("inactive");
    }

    [Fact]
    public async Task An_unknown_URL_or_a_malformed_integer_gets_Stripes_error_shape()
    {
        var (missing, missingBody) = await PostAsync("v1/nothing_here", "");
        missing.ShouldBe(HttpStatusCode.NotFound);
        missingBody["error"]!["message"]!.GetValue<string>().ShouldStartWith("Unrecognized request URL (POST: /v1/nothing_here)");

        var (bad, badBody) = await PostAsync("v1/payment_intents", "amount=ten&currency=usd");
        bad.ShouldBe(HttpStatusCode.BadRequest);
        badBody["error"]!["param"]!.GetValue<string>().ShouldBe("amount");
        badBody["error"]!["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
    }
}
