using System.Security.Cryptography;
using System.Text;

namespace Mercato.Server.Accounts;

/// <summary>Random tokens (API keys, reset links) and the hashes they are stored as; only the hash is kept.</summary>
internal static class Secrets
{
    public const string ApiKeyPrefix = "mk_";

    public static string NewToken(string prefix = "") =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
