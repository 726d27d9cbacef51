using System.Net;
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

            sb.Append(WebUtility.HtmlEncode(text[copied..start]));
            sb.Append(preTag);
            sb.Append(WebUtility.HtmlEncode(text.Substring(start, rawLength)));
            sb.Append(postTag);
            copied = start + rawLength;
        }

        sb.Append(WebUtility.HtmlEncode(text[copied..]));
        return sb.ToString();
    }
}
