using System.Numerics;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Ingest-side per-ranker aggregation over interned ids, one per query partition: per (ranker, query) click counts,
/// per (ranker, query, doc, rank) impressions and interleaving outcomes. Memory is bounded by those distinct
/// combinations, never by impressions.
/// </summary>
internal sealed class RankerAccumulator
{
    private readonly LongIntMap _rqMap = new(1 << 10);
    private readonly LongIntMap _cellMap = new(1 << 12);
    private readonly Dictionary<(int A, int B), long[]> _interleaving = new();
    private int[] _rqRanker = new int[1 << 10];
    private int[] _rqQuery = new int[1 << 10];
    private RankerClickCounts[] _rqCounts = new RankerClickCounts[1 << 10];
    private int _rqCount;
    private int[] _cellRq = new int[1 << 12];
    private int[] _cellDoc = new int[1 << 12];
    private int[] _cellRank = new int[1 << 12];
    private int[] _cellN = new int[1 << 12];
    private int _cellCount;

    /// <summary>One kept impression. <paramref name="ranker"/> is -1 without a ranker; an interleaved impression
    /// (<paramref name="interleaveA"/> ≥ 0) counts only as an interleaving outcome.</summary>
    public void Add(int ranker, int query, ReadOnlySpan<int> docs, uint clickMask, uint satMask, int interleaveA, int interleaveB,
        int credits)
    {
        if (interleaveA >= 0 && interleaveB >= 0)
        {
            AddInterleaved(interleaveA, interleaveB, credits & 0xFF, (credits >> 8) & 0xFF);
            return;
        }
        ulong rqKey = ((ulong)(uint)(ranker + 1) << 32) | (uint)query;
        int rq = _rqMap.GetOrAdd(rqKey, _rqCount, out bool added);
        if (added)
        {
            if (_rqCount == _rqRanker.Length)
            {
                Array.Resize(ref _rqRanker, _rqCount * 2);
                Array.Resize(ref _rqQuery, _rqCount * 2);
                Array.Resize(ref _rqCounts, _rqCount * 2);
            }
            _rqRanker[rq] = ranker;
            _rqQuery[rq] = query;
            _rqCount++;
        }
        int clicks = BitOperations.PopCount(clickMask);
        _rqCounts[rq] = _rqCounts[rq].Add(new RankerClickCounts(1, clicks > 0 ? 1 : 0, clicks, docs.Length, clickMask & 1,
            clickMask == 0 ? 0 : 1.0 / (BitOperations.TrailingZeroCount(clickMask) + 1), satMask != 0 ? 1 : 0));
        for (int k = 0; k < docs.Length; k++)
        {
            ulong key = ((ulong)(uint)rq << 32) | ((ulong)(uint)docs[k] << 5) | (uint)k;
            int cell = _cellMap.GetOrAdd(key, _cellCount, out bool cellAdded);
            if (cellAdded)
            {
                if (_cellCount == _cellRq.Length)
                {
                    int size = _cellCount * 2;
                    Array.Resize(ref _cellRq, size);
                    Array.Resize(ref _cellDoc, size);
                    Array.Resize(ref _cellRank, size);
                    Array.Resize(ref _cellN, size);
                }
                _cellRq[cell] = rq;
                _cellDoc[cell] = docs[k];
                _cellRank[cell] = k + 1;
                _cellCount++;
            }
            _cellN[cell]++;
        }
    }

    private void AddInterleaved(int a, int b, int creditA, int creditB)
    {
        if (!_interleaving.TryGetValue((a, b), out var c))
        {
            c = new long[4];
            _interleaving[(a, b)] = c;
        }
        if (creditA == 0 && creditB == 0)
        {
            c[3]++;
        }
        else if (creditA == creditB)
        {
            c[2]++;
        }
        else
        {
            c[creditA > creditB ? 0 : 1]++;
        }
    }

    /// <summary>
    /// Appends this partition's (ranker, query) rows, ids resolved to text, to <paramref name="queries"/> (partitions
    /// hold disjoint queries, so rows never need merging) and its interleaving outcomes to <paramref name="interleaving"/>.
    /// Doc names are made once per distinct doc and shared through <paramref name="docNames"/>.
    /// </summary>
    public void CopyTo(List<RankerQueryEvidence> queries, RankerEvidenceBuilder interleaving, Utf8Interner queryTable,
        Utf8Interner docTable, Utf8Interner rankers, string?[] docNames)
    {
        var cellsOf = new List<RankedDocCount>?[_rqCount];
        for (int c = 0; c < _cellCount; c++)
        {
            int doc = _cellDoc[c];
            var name = docNames[doc] ??= docTable.GetString(doc);
            (cellsOf[_cellRq[c]] ??= []).Add(new RankedDocCount(_cellRank[c], name, _cellN[c]));
        }
        for (int rq = 0; rq < _rqCount; rq++)
        {
            var cells = cellsOf[rq] ?? [];
            cells.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.DocId, b.DocId));
            queries.Add(new RankerQueryEvidence(RankerName(rankers, _rqRanker[rq]), queryTable.GetString(_rqQuery[rq]), _rqCounts[rq], cells));
        }
        foreach (var ((a, b), c) in _interleaving)
        {
            interleaving.Add(new InterleavingCount(rankers.GetString(a), rankers.GetString(b), c[0], c[1], c[2], c[3]));
        }
    }

    /// <summary>The name impressions without a ranker are reported under (as in the ingest summary).</summary>
    public const string NoRanker = "(none)";

    private static string RankerName(Utf8Interner rankers, int id) => id < 0 ? NoRanker : rankers.GetString(id);
}
