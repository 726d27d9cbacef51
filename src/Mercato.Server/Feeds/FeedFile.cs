using System.Security.Cryptography;
using System.Text;

namespace Mercato.Server.Feeds;

/// <summary>Opens a feed file: recognises its encoding and format and hands back the matching streaming reader.</summary>
internal static class FeedFile
{
    public sealed record Opened(IFeedReader Reader, string Format, string Encoding, Windows1252Fallback? Fallback);

    /// <summary>The reader, or null and a one-line reason when the file is not a readable feed.</summary>
    public static Opened? Open(string path, FeedsOptions options, out string? error)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read '{Path.GetFileName(path)}': {exception.Message}";
            return null;
        }

        var opened = Open(stream, options, out error);
        if (opened is null)
        {
            stream.Dispose();
        }

        return opened;
    }

    public static Opened? Open(Stream stream, FeedsOptions options, out string? error)
    {
        var sample = new byte[FeedEncoding.SampleBytes];
        var read = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        if (read == 0)
        {
            error = "the file is empty";
            return null;
        }

        var detected = FeedEncoding.Detect(sample.AsSpan(0, read), out error);
        if (detected is null)
        {
            return null;
        }

        stream.Seek(detected.PreambleBytes, SeekOrigin.Begin);
        var text = new StreamReader(stream, detected.Encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        var first = FirstNonBlank(detected.Encoding.GetString(sample, detected.PreambleBytes, Math.Min(read - detected.PreambleBytes, 4096)));
        IFeedReader reader = first == '{'
            ? new JsonLinesFeedReader(text, options.MaxFieldChars)
            : new CsvFeedReader(text, options.MaxFieldChars);
        if (reader is CsvFeedReader csv && csv.HeaderError is { } headerError)
        {
            reader.Dispose();
            error = $"the header (line {csv.HeaderLine}) cannot be read: {headerError}";
            return null;
        }

        var format = reader is CsvFeedReader c ? c.Delimiter switch { '\t' => "csv (tab)", ';' => "csv (;)", '|' => "csv (|)", _ => "csv" } : "jsonl";
        return new Opened(reader, format, detected.Name, detected.Fallback);
    }

    public static async Task<(string Hash, long Bytes)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    private static char FirstNonBlank(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c;
            }
        }

        return '\0';
    }

}
