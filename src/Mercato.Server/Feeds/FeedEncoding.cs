using System.Text;

namespace Mercato.Server.Feeds;

/// <summary>
/// Works out how a feed's bytes are encoded: a byte-order mark wins; UTF-16 without a mark is recognised by its zero
/// bytes; everything else is read as UTF-8 in which any byte sequence that is not valid UTF-8 is taken as
/// Windows-1252 (a superset of Latin-1's printable range). That last rule is what makes "Latin-1 content claiming
/// UTF-8" and files that mix both readable, one byte at a time, without a second pass.
/// </summary>
internal static class FeedEncoding
{
    public const int SampleBytes = 64 * 1024;

    public sealed record Detected(string Name, Encoding Encoding, int PreambleBytes, Windows1252Fallback? Fallback);

    /// <summary>The encoding of a file that starts with <paramref name="sample"/>, or null (and why) when it is not text.</summary>
    public static Detected? Detect(ReadOnlySpan<byte> sample, out string? notText)
    {
        notText = null;
        if (sample.StartsWith("\xEF\xBB\xBF"u8))
        {
            var fallback = new Windows1252Fallback();
            return new Detected("utf-8 (BOM)", Utf8With(fallback), 3, fallback);
        }

        if (sample.StartsWith("\xFF\xFE"u8))
        {
            return new Detected("utf-16le (BOM)", new UnicodeEncoding(false, false, false), 2, null);
        }

        if (sample.StartsWith("\xFE\xFF"u8))
        {
            return new Detected("utf-16be (BOM)", new UnicodeEncoding(true, false, false), 2, null);
        }

        // UTF-16 text of mostly ASCII has a zero in every other byte; which half holds them gives the byte order.
        int evenZeros = 0, oddZeros = 0, controls = 0;
        var length = Math.Min(sample.Length, 4096) & ~1;
        for (var i = 0; i < length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        if (length >= 4 && oddZeros > length / 2 * 0.6 && evenZeros < length / 2 * 0.1)
        {
            return new Detected("utf-16le", new UnicodeEncoding(false, false, false), 0, null);
        }

        if (length >= 4 && evenZeros > length / 2 * 0.6 && oddZeros < length / 2 * 0.1)
        {
            return new Detected("utf-16be", new UnicodeEncoding(true, false, false), 0, null);
        }

        foreach (var b in sample)
        {
            if (b == 0 || (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C)))
            {
                controls++;
            }
        }

        // Text files have essentially no NULs or control bytes; random or binary data is full of them.
        if (sample.Length > 0 && (sample.Contains((byte)0) || controls > sample.Length / 100))
        {
            notText = "the file is not text (it holds NUL or control bytes); feeds must be CSV or JSON Lines text";
            return null;
        }

        var latin = new Windows1252Fallback();
        return new Detected(IsValidUtf8(sample) ? "utf-8" : "utf-8 with windows-1252 bytes", Utf8With(latin), 0, latin);
    }

    private static UTF8Encoding Utf8With(Windows1252Fallback fallback)
    {
        var encoding = (UTF8Encoding)new UTF8Encoding(false, false).Clone();
        encoding.DecoderFallback = fallback;
        return encoding;
    }

    // A sequence cut off at the end of the sample is not a reason to call the sample invalid.
    private static bool IsValidUtf8(ReadOnlySpan<byte> sample)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(sample, new char[sample.Length], out var read, out _, replaceInvalidSequences: false, isFinalBlock: false);
        return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData && read >= sample.Length - 3;
    }
}

/// <summary>Decodes each byte that is not valid UTF-8 as Windows-1252, and counts how often that happened.</summary>
internal sealed class Windows1252Fallback : DecoderFallback
{
    // 0x80–0x9F differ between Windows-1252 and Latin-1; the five bytes 1252 leaves undefined keep their Latin-1 meaning.
    private static readonly char[] High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    private long _bytes;

    /// <summary>How many bytes were read as Windows-1252 so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public override int MaxCharCount => 4;

    public static char Map(byte b) => b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private sealed class Buffer(Windows1252Fallback owner) : DecoderFallbackBuffer
    {
        private readonly char[] _chars = new char[4];
        private int _count;
        private int _next;

        public override int Remaining => _count - _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _count = Math.Min(bytesUnknown.Length, _chars.Length);
            for (var i = 0; i < _count; i++)
            {
                _chars[i] = Map(bytesUnknown[i]);
            }

            _next = 0;
            Interlocked.Add(ref owner._bytes, _count);
            return _count > 0;
        }

        public override char GetNextChar() => _next < _count ? _chars[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0)
            {
                return false;
            }

            _next--;
            return true;
        }

        public override void Reset() => _count = _next = 0;
    }
}
