using Mercato.Server.Accounts;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Accounts.Web;

/// <summary>What every form page needs from the request: the antiforgery token pair and the visitor's navigation.</summary>
internal static class PageContext
{
    public static FormPageModel Form(HttpContext http, Tenant tenant, string title, string action, IReadOnlyList<FormField> fields, string submit)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new FormPageModel(tenant, title, action, fields, submit, tokens.FormFieldName, tokens.RequestToken!) { Nav = Nav(http) };
    }

    public static RenderNav Nav(HttpContext http)
    {
        var caller = Caller.From(http);
        if (!caller.IsAuthenticated)
        {
            return RenderNav.Default;
        }

        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new RenderNav(caller.Name, caller.Sellers.Count > 0, caller.IsAdmin, tokens.FormFieldName, tokens.RequestToken);
    }

    public static IResult Render(FormPageModel model, int status = 200) =>
        new RazorComponentResult<FormPage>(new { Model = model }) { StatusCode = status };

    /// <summary>Only same-site paths: "//host" and "/\host" are other sites to a browser.</summary>
    public static string SafeReturnUrl(string? url, string fallback) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\r', StringComparison.Ordinal) && !url.Contains('\n', StringComparison.Ordinal)
            ? url
            : fallback;
}
