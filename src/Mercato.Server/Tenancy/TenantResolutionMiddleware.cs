namespace Mercato.Server.Tenancy;

/// <summary>Finds the tenant of each request by its Host header; an unknown host gets a 404 problem.</summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory directory)
{
    // Served the same for every host: probes, the API description and its browser.
    private static readonly string[] HostIndependentPrefixes = ["/health", "/openapi", "/docs"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (HostIndependentPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        var host = context.Request.Host.Host;
        var tenant = await directory.ResolveAsync(host, context.RequestAborted);
        if (tenant is null)
        {
            await TypedResults.Problem(
                title: "Unknown marketplace",
                detail: $"No marketplace is served at host '{host}'.",
                statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        context.Features.Set(tenant);
        await next(context);
    }
}
