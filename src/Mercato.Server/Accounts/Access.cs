using Mercato.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Accounts;

/// <summary>The answers for callers who may not do something.</summary>
internal static class Access
{
    public static ProblemHttpResult Unauthenticated() => Problems.Status(
        StatusCodes.Status401Unauthorized,
        "Sign-in required",
        "Send a seller API key or the admin token as 'Authorization: Bearer <key>', or sign in.");

    public static ProblemHttpResult AdminOnly() => Problems.Status(
        StatusCodes.Status403Forbidden, "Administrators only", "This needs the marketplace's administrator or the platform admin token.");
}
