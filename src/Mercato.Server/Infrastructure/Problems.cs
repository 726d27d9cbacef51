using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Infrastructure;

/// <summary>RFC 9457 problem details for the expected failures, so every handler answers them the same way.</summary>
internal static class Problems
{
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Title = "One or more fields are invalid.",
            Detail = detail ?? string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}.")),
            Status = StatusCodes.Status400BadRequest,
        });

    public static ProblemHttpResult Field(string field, string error) =>
        Validation(new Dictionary<string, string[]> { [field] = [error] });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
