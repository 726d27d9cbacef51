using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Infrastructure;

/// <summary>
/// Reads JSON request bodies ourselves rather than through parameter binding, so a malformed body, an unknown
/// property or a wrong type comes back as a problem naming the field instead of a bare 400.
/// </summary>
internal static class RequestBody
{
    /// <summary>The documented size limit of JSON request bodies.</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonDefaults.Strict);
            return value is null ? (null, Problems.Field("body", "must be a JSON object")) : (value, null);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is null or "$" ? "body" : exception.Path.TrimStart('$', '.');
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
            return (null, Problems.Field(field, Describe(exception) + where));
        }
    }

    private static string Describe(JsonException exception)
    {
        var message = exception.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a known property";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "has the wrong type";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "is not valid JSON: " + (cut > 0 ? message[..cut] : message);
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Body too large", $"JSON bodies are limited to {MaxBytes / 1024} KB.");
}
