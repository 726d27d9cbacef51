using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Feeds;

/// <summary>An import's report in the two downloadable forms: CSV (one issue a row) and JSON (the record plus its issues).</summary>
internal static class FeedReport
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<FeedIssue> issues, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteAsync("line,field,value,reason\r\n");
        await foreach (var issue in issues.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync($"{issue.Line},{Csv(issue.Field)},{Csv(issue.Value)},{Csv(issue.Reason)}\r\n");
        }
    }

    public static async Task WriteJsonAsync(Stream output, FeedImport record, IAsyncEnumerable<FeedIssue> issues, CancellationToken cancellationToken)
    {
        // Written to memory and copied to the stream in chunks: response streams accept asynchronous writes only.
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await using var json = new Utf8JsonWriter(buffer, WriterOptions);
        json.WriteStartObject();
        json.WritePropertyName("import");
        // Serialize(writer, …) flushes the writer synchronously, which the server forbids; write an element instead.
        JsonSerializer.SerializeToElement(record, JsonDefaults.Options).WriteTo(json);
        json.WriteStartArray("issues");
        var count = 0;
        await foreach (var issue in issues.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("line", issue.Line);
            json.WriteString("field", issue.Field);
            json.WriteString("value", issue.Value);
            json.WriteString("reason", issue.Reason);
            json.WriteEndObject();
            if (++count % 1000 == 0)
            {
                await DrainAsync(json, buffer, output, cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await DrainAsync(json, buffer, output, cancellationToken);
    }

    private static async Task DrainAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken cancellationToken)
    {
        json.Flush();
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }

    // Values that a spreadsheet would run as a formula are prefixed with a quote (CSV injection); a leading TAB or CR
    // is stripped by some spreadsheets before they look for the formula sign, so those are prefixed too (OWASP).
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
