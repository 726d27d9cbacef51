namespace Mercato.Search.Text;

/// <summary>Splits text into folded tokens: runs of letters, digits and combining marks.</summary>
internal static class Tokenizer
{
    /// <summary>Longer tokens are cut to this many source characters.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>Buffer size callers must provide to <see cref="Next"/>.</summary>
    public const int BufferLength = MaxTokenLength * 2;

    /// <summary>
    /// Reads the next token at or after <paramref name="pos"/>. The folded token goes to <paramref name="buffer"/>;
    /// <paramref name="start"/> and <paramref name="rawLength"/> locate it in the source.
    /// </summary>
    public static bool Next(ReadOnlySpan<char> text, ref int pos, Span<char> buffer, out int start, out int rawLength, out int foldedLength)
    {
        while (true)
        {
            while (pos < text.Length && !Folding.IsTokenChar(text[pos]))
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                start = rawLength = foldedLength = 0;
                return false;
            }

            start = pos;
            var written = 0;
            if (Folding.IsSingleCharToken(text[pos]))
            {
                written = Folding.Fold(text[pos], buffer);
                pos++;
            }
            else
            {
                while (pos < text.Length && Folding.IsTokenChar(text[pos]) && !Folding.IsSingleCharToken(text[pos]))
                {
                    if (pos - start < MaxTokenLength)
                    {
                        written += Folding.Fold(text[pos], buffer[written..]);
                    }

                    pos++;
                }
            }

            rawLength = pos - start;
            foldedLength = written;
            if (written > 0)
            {
                return true;
            }
        }
    }

    /// <summary>All folded tokens of a text.</summary>
    public static List<string> Tokens(string? text)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        Span<char> buffer = stackalloc char[BufferLength];
        var pos = 0;
        while (Next(text, ref pos, buffer, out _, out _, out var len))
        {
            result.Add(new string(buffer[..len]));
        }

        return result;
    }

    /// <summary>True when a token may be matched with typos: no digits at all.</summary>
    public static bool AllowsTypos(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Typos allowed for a folded query word: 1 from 5 characters, 2 from 9, none with digits.</summary>
    public static int MaxTypos(ReadOnlySpan<char> token) =>
        !AllowsTypos(token) ? 0 : token.Length >= 9 ? 2 : token.Length >= 5 ? 1 : 0;
}
