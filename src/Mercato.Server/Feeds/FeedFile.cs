using System.Security.Cryptography;
using System.Text;

namespace Mercato.Server.Feeds;

/// <summary>Opens a feed file: recognises its encoding and format and hands back the matching streaming reader.</summary>
internal static class FeedFile
{
    public sealed record Opened(IFeedReader Reader, string Format, string Encoding, Windows1252Fallback? Fallback) : IDisposable
    {
        public void Dispose() => Reader.Dispose();
    }

    /// <summary>The reader, or null and a one-line reason when the file is not a readable feed.</summary>
    public static Opened? Open(string path, FeedsOptions options, out string? error)
    {
        var stream = OpenRegular(path, out error);
        if (stream is null)
        {
            return null;
        }

        var opened = Open(stream, options, out error);
        if (opened is null)
        {
            stream.Dispose();
        }

        return opened;
    }

    /// <summary>
    /// Null when the file is a regular file whose start looks like a feed, else the one-line reason. Run before
    /// hashing: hashing a device such as <c>/dev/zero</c> would never end.
    /// </summary>
    public static string? Sniff(string path, FeedsOptions options)
    {
        using var stream = OpenRegular(path, out var error);
        if (stream is null)
        {
            return error;
        }

        using var opened = Open(stream, options, out error);
        return error;
    }

    private static FileStream? OpenRegular(string path, out string? error)
    {
        error = null;
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

        // Devices, pipes and /proc entries report a length of 0 and yet have bytes to read (/dev/zero without end);
        // a regular file's length is what it holds. .NET does not expose the file type, so that difference tells.
        if (!stream.CanSeek || (stream.Length == 0 && stream.ReadByte() >= 0))
        {
            stream.Dispose();
            error = $"'{Path.GetFileName(path)}' is not a regular file (a device or a pipe?); feeds must be files";
            return null;
        }

        stream.Position = 0;
        return stream;
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
            ? new JsonLinesFeedReader(text, options.MaxFieldChars, options.MaxColumns)
            : new CsvFeedReader(text, options.MaxFieldChars, options.MaxColumns, options.MaxRecordChars);
        if (reader is CsvFeedReader csv && csv.HeaderError is { } headerError)
        {
            reader.Dispose();
            error = $"the header (line {csv.HeaderLine}) cannot be read: {headerError}";
            return null;
        }

        var format = reader is CsvFeedReader c ? c.Delimiter switch { '\t' => "csv (tab)", ';' => "csv (;)", '|' => "csv (|)", _ => "csv" } : "jsonl";
        return new Opened(reader, format, detected.Name, detected.Fallback);
    }

    /// <summary>Whether the feed holds more than <paramref name="limit"/> records; reads at most that many.</summary>
    public static bool HasMoreRecordsThan(string path, FeedsOptions options, long limit)
    {
        using var opened = Open(path, options, out _);
        if (opened is null)
        {
            return false;
        }

        long records = 0;
        while (records <= limit && opened.Reader.Read())
        {
            records++;
        }

        return records > limit;
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
