using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages;

/// <summary>The marketplace's front door: what it holds and where to go next. The storefront pages grow from here.</summary>
internal static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", RenderAsync).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> RenderAsync(Tenant tenant, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = await connection.QueryAsync<(string Slug, string Name, long Count)>(
            """
            SELECT c.slug, c.name, count(l.id)
            FROM categories c LEFT JOIN listings l ON l.category_id = c.id AND l.tenant_id = c.tenant_id AND l.status = 'active'
            WHERE c.tenant_id = @Id
            GROUP BY c.id, c.slug, c.name
            ORDER BY c.id
            """,
            new { tenant.Id });
        var sellerCount = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sellers WHERE tenant_id = @Id", new { tenant.Id });

        var html = HtmlEncoder.Default;
        var name = html.Encode(tenant.Branding.DisplayName ?? tenant.Name);
        var page = new StringBuilder();
        page.Append(
            $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{name}}</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;color:#1f2937;background:#f8fafc}
            header{background:{{tenant.Branding.PrimaryColor}};color:#fff;padding:1.25rem 1rem}
            header h1{margin:0;font-size:1.5rem}
            main{max-width:56rem;margin:0 auto;padding:1rem}
            .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
            .card{background:#fff;border:1px solid #e5e7eb;border-radius:.5rem;padding:1rem}
            .card strong{display:block;font-size:1.75rem;color:{{tenant.Branding.PrimaryColor}}}
            a{color:{{tenant.Branding.PrimaryColor}}}
            code{background:#eef2ff;padding:.1rem .3rem;border-radius:.25rem}
            </style>
            </head>
            <body>
            <header><h1>{{name}}</h1></header>
            <main>
            <p>{{sellerCount:N0}} sellers. Active listings by category:</p>
            <div class="cards">
            """);
        foreach (var (slug, categoryName, count) in counts)
        {
            page.Append(
                $"""<div class="card"><strong>{count:N0}</strong>{html.Encode(categoryName)} — <a href="/api/listings?category={html.Encode(slug)}&amp;status=active&amp;limit=20">browse as JSON</a></div>""");
        }

        page.Append(
            """
            </div>
            <h2>Use the API</h2>
            <ul>
            <li><a href="/docs">API reference</a> (OpenAPI document at <a href="/openapi/v1.json"><code>/openapi/v1.json</code></a>)</li>
            <li><a href="/api/categories">Categories and their attribute schemas</a></li>
            <li><a href="/api/sellers?limit=20">Sellers</a></li>
            <li><a href="/api/tenant">This marketplace</a> · <a href="/health/ready">health</a></li>
            </ul>
            </main>
            </body>
            </html>
            """);
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }
}
