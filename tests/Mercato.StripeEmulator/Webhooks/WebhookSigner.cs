using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mercato.StripeEmulator;

/// <summary>Stripe's webhook signature: <c>t=unix,v1=hex(HMAC-SHA256(secret, "t.payload"))</c>.</summary>
public static class WebhookSigner
{
    public static string Sign(string payload, string secret, long unixTime)
    {
        var signed = unixTime.ToString(CultureInfo.InvariantCulture) + "." + payload;
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return $"t={unixTime.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(hash)}";
    }
}
