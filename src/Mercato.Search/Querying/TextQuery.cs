using Mercato.Search.Storage;
using Mercato.Search.Text;

namespace Mercato.Search.Querying;

/// <summary>One way a query word matches the index: an index term and what it cost.</summary>
internal sealed record Expansion(string Term, int Typos, bool Prefix)
{
    /// <summary>Score factor: prefix and typo matches count less than the word itself.</summary>
    public double Factor => Typos switch
    {
        0 => Prefix ? 0.75 : 1.0,
        1 => 0.5,
        _ => 0.3,
    };
}

/// <summary>The parsed full-text part of a query with its expansions and snapshot-wide BM25 statistics.</summary>
internal sealed class TextQuery
{
    public const double K1 = 1.2;
    public const double B = 0.75;

    private TextQuery(string[] words, Expansion[][] expansions, double[][][] idf, double[] avgLength, double[] weights)
    {
        Words = words;
        Expansions = expansions;
        Idf = idf;
        AvgLength = avgLength;
        Weights = weights;
    }

    public string[] Words { get; }

    /// <summary>Per word its expansions.</summary>
    public Expansion[][] Expansions { get; }

    /// <summary>Per word, per expansion, per text field slot: the idf.</summary>
    public double[][][] Idf { get; }

    /// <summary>Per text field slot: average field length.</summary>
    public double[] AvgLength { get; }

    /// <summary>Per text field slot: the field weight.</summary>
    public double[] Weights { get; }

    /// <summary>Tokenizes q; null when it has no tokens (a placeholder search).</summary>
    public static TextQuery? Create(string? q, Segment[] segments, IndexSchema schema, SearchIndexOptions options)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return null;
        }

        var words = Tokenizer.Tokens(q);
        if (words.Count == 0)
        {
            return null;
        }

        // Search as you type: the last word is a prefix unless the user ended it with a separator.
        var lastIsPrefix = words.Count <= options.MaxQueryWords && Folding.IsTokenChar(q[^1]);
        if (words.Count > options.MaxQueryWords)
        {
            words.RemoveRange(options.MaxQueryWords, words.Count - options.MaxQueryWords);
        }

        var slots = segments.Length > 0 && segments[0].Text is { } t ? t.Fields.Length : 0;
        var weights = new double[slots];
        var avg = new double[slots];
        double docs = 0;
        foreach (var seg in segments)
        {
            docs += seg.Count;
        }

        for (var s = 0; s < slots; s++)
        {
            weights[s] = schema.Fields[segments[0].Text!.Fields[s].Field].Weight;
            double total = 0;
            foreach (var seg in segments)
            {
                total += seg.Text!.Fields[s].TotalLength;
            }

            avg[s] = docs > 0 ? Math.Max(1, total / docs) : 1;
        }

        var expansions = new Expansion[words.Count][];
        var idf = new double[words.Count][][];
        for (var w = 0; w < words.Count; w++)
        {
            expansions[w] = Expand(words[w], lastIsPrefix && w == words.Count - 1, segments, options);
            idf[w] = new double[expansions[w].Length][];
            for (var e = 0; e < expansions[w].Length; e++)
            {
                idf[w][e] = new double[slots];
                for (var s = 0; s < slots; s++)
                {
                    var df = DocFrequency(expansions[w][e].Term, s, segments);
                    idf[w][e][s] = Math.Log(1 + ((docs - df + 0.5) / (df + 0.5)));
                }
            }
        }

        return new TextQuery([.. words], expansions, idf, avg, weights);
    }

    private static int DocFrequency(string term, int slot, Segment[] segments)
    {
        var df = 0;
        foreach (var seg in segments)
        {
            var id = seg.Text!.Find(term);
            if (id >= 0)
            {
                df += seg.Text.Fields[slot].DocFrequency(id);
            }
        }

        return df;
    }

    private static Expansion[] Expand(string word, bool prefix, Segment[] segments, SearchIndexOptions options)
    {
        var found = new Dictionary<string, Expansion>(StringComparer.Ordinal);
        var maxTypos = Tokenizer.MaxTypos(word);
        var typoHits = new List<(int Term, int Typos)>();
        var prefixTerms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var seg in segments)
        {
            var text = seg.Text;
            if (text is null)
            {
                continue;
            }

            if (maxTypos == 0)
            {
                var id = text.Find(word);
                if (id >= 0)
                {
                    found[word] = new Expansion(word, 0, false);
                }
            }
            else
            {
                for (var length = Math.Max(1, word.Length - maxTypos); length <= word.Length + maxTypos && length < text.TypoTerms.Length; length++)
                {
                    var bucket = text.TypoTerms[length];
                    typoHits.Clear();
                    TypoSearch.Find(bucket, word, maxTypos, typoHits);
                    foreach (var (term, typos) in typoHits)
                    {
                        var s = bucket[term];
                        if (!found.TryGetValue(s, out var existing) || existing.Typos > typos)
                        {
                            found[s] = new Expansion(s, typos, false);
                        }
                    }
                }
            }

            if (prefix)
            {
                var (from, to) = text.PrefixRange(word);
                for (var i = from; i < to; i++)
                {
                    var freq = 0;
                    foreach (var field in text.Fields)
                    {
                        freq += field.DocFrequency(i);
                    }

                    prefixTerms[text.Terms[i]] = prefixTerms.GetValueOrDefault(text.Terms[i]) + freq;
                }
            }
        }

        if (prefixTerms.Count > 0)
        {
            IEnumerable<string> kept = prefixTerms.Keys;
            if (prefixTerms.Count > options.MaxPrefixExpansions)
            {
                kept = prefixTerms
                    .Select(kv => (Term: kv.Key, Freq: kv.Value))
                    .OrderByDescending(x => x.Freq)
                    .ThenBy(x => x.Term, StringComparer.Ordinal)
                    .Take(options.MaxPrefixExpansions)
                    .Select(x => x.Term);
            }

            foreach (var term in kept)
            {
                if (!found.TryGetValue(term, out var existing) || existing.Typos > 0)
                {
                    found[term] = new Expansion(term, 0, !string.Equals(term, word, StringComparison.Ordinal));
                }
            }
        }

        return [.. found.Values.OrderBy(e => e.Term, StringComparer.Ordinal)];
    }
}
