using Mercato.Search.Filtering;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>The per-segment sets a query works with.</summary>
internal sealed class SegmentEval
{
    public SegmentEval(SegmentView view) => View = view;

    public SegmentView View { get; }

    /// <summary>Documents containing every query word; null without q.</summary>
    public ulong[]? TextBits { get; set; }

    public int[][]? TermIds { get; set; }

    /// <summary>Bitmap per top-level filter conjunct.</summary>
    public ulong[][] Conjuncts { get; set; } = [];

    /// <summary>Live documents matching q and the whole filter.</summary>
    public ulong[] Result { get; set; } = [];

    public int Count { get; set; }

    /// <summary>Live ∧ text ∧ every conjunct except those listed (for disjunctive facets).</summary>
    public ulong[] ResultWithout(IReadOnlySet<int> excluded)
    {
        var bits = Bits.Copy(View.Live);
        if (TextBits is not null)
        {
            Bits.And(bits, TextBits);
        }

        for (var i = 0; i < Conjuncts.Length; i++)
        {
            if (!excluded.Contains(i))
            {
                Bits.And(bits, Conjuncts[i]);
            }
        }

        return bits;
    }

    public static SegmentEval[] Evaluate(Snapshot snapshot, TextQuery? text, List<FilterNode> conjuncts)
    {
        var evals = new SegmentEval[snapshot.Views.Length];
        for (var s = 0; s < evals.Length; s++)
        {
            var view = snapshot.Views[s];
            var eval = evals[s] = new SegmentEval(view);
            var result = Bits.Copy(view.Live);
            if (view.LiveCount > 0 && text is not null)
            {
                eval.TermIds = TextScorer.TermIds(text, view.Seg);
                eval.TextBits = TextScorer.Match(text, view.Seg, eval.TermIds);
                Bits.And(result, eval.TextBits);
            }

            eval.Conjuncts = new ulong[conjuncts.Count][];
            for (var c = 0; c < conjuncts.Count; c++)
            {
                eval.Conjuncts[c] = view.LiveCount > 0 ? FilterEvaluator.Eval(conjuncts[c], view.Seg) : Bits.New(view.Seg.Count);
                Bits.And(result, eval.Conjuncts[c]);
            }

            eval.Result = result;
            eval.Count = Bits.Count(result);
        }

        return evals;
    }
}
