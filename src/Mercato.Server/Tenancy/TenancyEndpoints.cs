namespace Mercato.Server.Tenancy;

internal static class TenancyEndpoints
{
    public static IEndpointRouteBuilder MapTenancyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/tenant", (Tenant tenant) => TypedResults.Ok(tenant))
            .WithTags("Marketplace")
            .WithSummary("The marketplace this host serves")
            .WithDescription("Slug, name, host names, branding, default currency and enabled verticals.");
        return routes;
    }
}
