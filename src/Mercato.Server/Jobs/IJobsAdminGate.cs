using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Jobs;

/// <summary>
/// Who may see and act on jobs: they span every tenant, so only the platform administrator. Jobs depends on no feature,
/// so the feature that owns administration (Accounts) implements this and registers it.
/// </summary>
internal interface IJobsAdminGate
{
    bool IsConfigured { get; }

    /// <summary>Null for the platform administrator; otherwise the 401 or 403 problem to answer.</summary>
    ProblemHttpResult? Check(HttpContext context);

    bool IsAuthorized(HttpContext context);

    /// <summary>Checks a token typed into the page's sign-in form and, when right, sets the admin cookie.</summary>
    bool SignIn(HttpContext context, string? token);
}

internal static class JobsAdminGateExtensions
{
    public static RouteGroupBuilder RequireJobsAdmin(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<IJobsAdminGate>().Check(invocation.HttpContext) is { } problem ? problem : await next(invocation));
}
