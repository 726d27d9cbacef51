using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

/// <summary>
/// <c>/admin/jobs</c>: a server-rendered page over the admin API — counts per queue and state, a filtered job list,
/// and retry / cancel / discard buttons. Signing in stores a cookie derived from the admin token (HttpOnly, SameSite=Strict,
/// which also keeps other sites from submitting the action forms).
/// </summary>
internal static class JobsAdminPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static IEndpointRouteBuilder MapJobsAdminPage(this IEndpointRouteBuilder routes)
    {
        var page = routes.MapGroup("/admin/jobs").ExcludeFromDescription();
        page.MapGet("/", RenderAsync);
        page.MapPost("/sign-in", SignInAsync);
        page.MapPost("/{id:long}/{action}", ActAsync);
        return routes;
    }

    private static async Task<IResult> RenderAsync(HttpContext http, Tenant tenant, JobStore store, TimeProvider time, string? queue, string? state, CancellationToken cancellationToken)
    {
        var gate = http.RequestServices.GetRequiredService<IJobsAdminGate>();
        if (!gate.IsConfigured)
        {
            return Page("Jobs", "<p>Admin access is not configured. Set <code>Mercato:Accounts:AdminToken</code> and restart.</p>", StatusCodes.Status403Forbidden);
        }

        if (!gate.IsAuthorized(http))
        {
            return Page("Sign in", """
                <form method="post" action="/admin/jobs/sign-in">
                  <label>Admin token <input type="password" name="token" autocomplete="current-password" required></label>
                  <button>Sign in</button>
                </form>
                """, StatusCodes.Status401Unauthorized);
        }

        state = state is { Length: > 0 } && JobStates.All.Contains(state) ? state : null;
        queue = queue is { Length: > 0 } ? queue : null;
        var now = time.GetUtcNow();
        var stats = await store.StatsAsync(tenant.Id, now, cancellationToken);
        var jobs = await store.ListAsync(tenant.Id, queue, state, null, long.MaxValue, 100, cancellationToken);
        var body = new StringBuilder();
        body.Append("<h2>Queues</h2><table><tr><th>queue</th>");
        foreach (var s in JobStates.All)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th>{s}</th>");
        }

        body.Append("<th>scheduled</th><th>oldest ready (s)</th><th>done last hour</th><th>avg ms</th><th>p95 ms</th></tr>");
        foreach (var q in stats)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"?queue={Url(q.Queue)}\">{E(q.Queue)}</a></td>");
            foreach (var s in JobStates.All)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td><a href=\"?queue={Url(q.Queue)}&amp;state={s}\">{q.States.GetValueOrDefault(s)}</a></td>");
            }

            body.Append(CultureInfo.InvariantCulture, $"<td>{q.Scheduled}</td><td>{q.OldestReadyAgeSeconds:0.#}</td><td>{q.CompletedLastHour}</td><td>{q.AverageRunMs:0.#}</td><td>{q.P95RunMs:0.#}</td></tr>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            </table>
            <h2>Jobs{(queue is null ? "" : " in " + E(queue))}{(state is null ? "" : ", " + state)}</h2>
            <form method="get"><input name="queue" placeholder="queue" value="{E(queue ?? "")}"> <select name="state"><option value="">any state</option>
            """);
        foreach (var s in JobStates.All)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option{(s == state ? " selected" : "")}>{s}</option>");
        }

        body.Append("</select> <button>Filter</button></form><table><tr><th>id</th><th>queue</th><th>kind</th><th>state</th><th>attempt</th><th>run at</th><th>last error</th><th></th></tr>");
        foreach (var job in jobs)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{job.Id}</td><td>{E(job.Queue)}</td><td>{E(job.Kind)}</td><td>{job.State}{(job.CancelRequested ? " (cancelling)" : "")}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td>{job.Attempt}/{job.MaxAttempts}</td><td>{job.RunAt:u}</td><td class=\"error\">{E(Shorten(job.LastError))}</td><td>");
            foreach (var action in Actions(job.State))
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/admin/jobs/{job.Id}/{action}\"><button>{action}</button></form>");
            }

            body.Append("</td></tr>");
        }

        body.Append("</table>");
        return Page("Jobs", body.ToString(), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IJobsAdminGate gate)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!gate.SignIn(http, form["token"].ToString()))
        {
            return Page("Sign in", "<p>That is not the admin token. <a href=\"/admin/jobs\">Try again</a>.</p>", StatusCodes.Status401Unauthorized);
        }

        return Results.Redirect("/admin/jobs");
    }

    private static async Task<IResult> ActAsync(long id, string action, HttpContext http, Tenant tenant, JobStore store, JobSignals signals, TimeProvider time)
    {
        if (http.RequestServices.GetRequiredService<IJobsAdminGate>().Check(http) is { } denied)
        {
            return denied;
        }

        var now = time.GetUtcNow();
        var outcome = action switch
        {
            "retry" => await store.RetryAsync(tenant.Id, id, now),
            "cancel" => await store.CancelAsync(tenant.Id, id, now),
            "discard" => await store.DiscardAsync(tenant.Id, id, now),
            _ => (null, false),
        };
        if (action == "cancel" && outcome is { Before: JobStates.Running, Changed: true })
        {
            signals.RequestCancel(id);
        }

        return outcome.Before is null
            ? Page("Jobs", $"<p>Job {id} or action '{E(action)}' does not exist. <a href=\"/admin/jobs\">Back</a>.</p>", StatusCodes.Status404NotFound)
            : Results.Redirect("/admin/jobs");
    }

    private static IEnumerable<string> Actions(string state) => state switch
    {
        JobStates.Available => ["cancel", "discard", "retry"],
        JobStates.Running => ["cancel"],
        _ => ["retry"],
    };

    private static string E(string value) => Html.Encode(value);

    private static string Url(string value) => Uri.EscapeDataString(value);

    private static string Shorten(string? error) => error is null ? "" : error.Length <= 160 ? error : error[..160] + "…";

    private static IResult Page(string title, string body, int status) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}} · Mercato admin</title>
        <style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left}
        td form{display:inline}.error{max-width:30rem;color:#a00;font-family:monospace;font-size:12px}</style></head>
        <body><h1>{{E(title)}}</h1>{{body}}</body></html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        status);
}
