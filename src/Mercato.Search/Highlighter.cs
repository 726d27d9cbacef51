using System.Text;
using Mercato.Search.Text;

namespace Mercato.Search;

/// <summary>Marks matched words in a text for display.</summary>
public static class Highlighter
{
    /// <summary>
    /// Wraps every word of <paramref name="text"/> whose folded form is one of <paramref name="matchedTerms"/>
    /// (see <see cref="SearchResult.MatchedTerms"/>) in the tags; everything else is HTML-encoded. Matching uses the
    /// index's folding, so "citroen" highlights "Citroën". The tags are inserted verbatim.
    /// </summary>
    public static string Highlight(string text, IReadOnlyCollection<string> matchedTerms, string preTag = "<em>", string postTag = "</em>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(matchedTerms);
        var terms = matchedTerms as IReadOnlySet<string> ?? new HashSet<string>(matchedTerms, StringComparer.Ordinal);
        var sb = new StringBuilder(text.Length + 16);
        Span<char> buffer = stackalloc char[Tokenizer.BufferLength];
        var pos = 0;
        var copied = 0;
        while (Tokenizer.Next(text, ref pos, buffer, out var start, out var rawLength, out var foldedLength))
        {
            if (!terms.Contains(new string(buffer[..foldedLength])))
            {
                continue;
            }

            Encode(sb, text.AsSpan(copied, start - copied));
            sb.Append(preTag);
            Encode(sb, text.AsSpan(start, rawLength));
            sb.Append(postTag);
            copied = start + rawLength;
        }

        Encode(sb, text.AsSpan(copied));
        return sb.ToString();
    }

    /// <summary>Escapes the five HTML-significant characters and nothing else (accents stay readable).</summary>
    private static void Encode(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }
    }
}
