using System.Text;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>Counts of one (query, doc) pair over the cleaned log.</summary>
/// <param name="Impressions">Times shown.</param>
/// <param name="Clicks">Distinct clicks.</param>
/// <param name="SatClicks">Satisfied clicks (dwell at or above the threshold).</param>
/// <param name="SdbnExamined">Times shown at or above the last click of an impression with clicks.</param>
/// <param name="SdbnLastClicks">Times it was the last click.</param>
/// <param name="BestRank">Best (smallest) 1-based rank it was shown at.</param>
/// <param name="DistinctRanks">Number of different ranks it was shown at.</param>
/// <param name="DistinctClickers">Distinct users who clicked it.</param>
/// <param name="TopClickerShare">Share of its clicks made by its most active user.</param>
/// <param name="SpamSuspected">Whether the spam rule flagged it.</param>
public readonly record struct PairCounts(
    int Impressions, int Clicks, int SatClicks, int SdbnExamined, int SdbnLastClicks,
    int BestRank, int DistinctRanks, int DistinctClickers, double TopClickerShare, bool SpamSuspected);

/// <summary>
/// The cleaned log aggregated once into flat arrays: per (query, doc) pair and per (pair, rank) cell.
/// Cells are stored grouped by pair (cells of pair p are <c>CellStart[p]..CellStart[p+1]</c>).
/// </summary>
public sealed class ClickAggregate
{
    internal ClickAggregate(Utf8Interner queries, Utf8Interner docs, int maxRank, IngestSummary summary)
    {
        QueryTable = queries;
        DocTable = docs;
        MaxRank = maxRank;
        Summary = summary;
    }

    internal Utf8Interner QueryTable { get; }
    internal Utf8Interner DocTable { get; }

    /// <summary>Deepest rank kept.</summary>
    public int MaxRank { get; }

    /// <summary>Ingest counters.</summary>
    public IngestSummary Summary { get; internal set; }

    /// <summary>Per-ranker evidence (click counts and ranked docs per ranker and query, interleaving outcomes).</summary>
    public Evaluation.RankerEvidence RankerEvidence { get; internal set; } = Evaluation.RankerEvidence.Empty;

    /// <summary>Number of (query, doc) pairs.</summary>
    public int PairCount { get; internal set; }

    /// <summary>Number of (pair, rank) cells.</summary>
    public int CellCount { get; internal set; }

    internal int[] PairQuery = [];
    internal int[] PairDoc = [];
    internal int[] PairImpressions = [];
    internal int[] PairClicks = [];
    internal int[] PairSat = [];
    internal int[] PairSdbnExamined = [];
    internal int[] PairSdbnLast = [];
    internal int[] PairDistinctClickers = [];
    internal float[] PairTopClickerShare = [];
    internal bool[] PairSpam = [];
    internal int[] PairTopClicker = [];
    internal int[] PairTopClicks = [];
    internal int[] PairClickerClicks = [];
    internal Utf8Interner? UserTable;
    internal string[]? TopClickerIds;
    internal int[] CellStart = [];
    internal int[] CellRank = [];
    internal int[] CellImpressions = [];
    internal int[] CellClicks = [];
    internal int[] CellSat = [];
    internal long[] RankImpressions = [];
    internal long[] RankClicks = [];

    /// <summary>Query id of a pair.</summary>
    public string GetQueryId(int pair) => QueryTable.GetString(PairQuery[pair]);

    /// <summary>Doc id of a pair.</summary>
    public string GetDocId(int pair) => DocTable.GetString(PairDoc[pair]);

    internal ReadOnlySpan<byte> GetQueryBytes(int pair) => QueryTable.GetBytes(PairQuery[pair]);

    internal ReadOnlySpan<byte> GetDocBytes(int pair) => DocTable.GetBytes(PairDoc[pair]);

    /// <summary>Pair index of (query, doc), or -1 when the pair has no evidence.</summary>
    public int FindPair(string queryId, string docId)
    {
        int q = QueryTable.TryGet(Encoding.UTF8.GetBytes(queryId));
        int d = DocTable.TryGet(Encoding.UTF8.GetBytes(docId));
        if (q < 0 || d < 0)
        {
            return -1;
        }
        return _pairIndex?.TryGet(((ulong)(uint)q << 32) | (uint)d) ?? -1;
    }

    internal LongIntMap? _pairIndex;

    /// <summary>Counts of one pair.</summary>
    public PairCounts GetPairCounts(int pair)
    {
        int best = int.MaxValue;
        for (int c = CellStart[pair]; c < CellStart[pair + 1]; c++)
        {
            best = Math.Min(best, CellRank[c] + 1);
        }
        return new PairCounts(PairImpressions[pair], PairClicks[pair], PairSat[pair], PairSdbnExamined[pair],
            PairSdbnLast[pair], best == int.MaxValue ? 0 : best, CellStart[pair + 1] - CellStart[pair],
            PairDistinctClickers[pair], PairTopClickerShare[pair], PairSpam[pair]);
    }

    /// <summary>
    /// Everything of one pair that can be stored and merged with the evidence of other logs
    /// (<see cref="ClickAggregateBuilder"/>): counts, cells and the most active clicker.
    /// </summary>
    public StoredPairEvidence GetStoredEvidence(int pair)
    {
        var cells = new StoredCell[CellStart[pair + 1] - CellStart[pair]];
        for (int c = CellStart[pair], i = 0; c < CellStart[pair + 1]; c++, i++)
        {
            cells[i] = new StoredCell(CellRank[c] + 1, CellImpressions[c], CellClicks[c], CellSat[c]);
        }
        string? topClicker = null;
        int topClicks = 0, clickerClicks = 0;
        if (pair < PairClickerClicks.Length && PairClickerClicks[pair] > 0)
        {
            topClicks = PairTopClicks[pair];
            clickerClicks = PairClickerClicks[pair];
            topClicker = TopClickerIds?[pair] ?? UserTable?.GetString(PairTopClicker[pair]);
        }
        return new StoredPairEvidence(PairImpressions[pair], PairClicks[pair], PairSat[pair], PairSdbnExamined[pair],
            PairSdbnLast[pair], PairDistinctClickers[pair], clickerClicks, topClicker, topClicks, cells);
    }

    /// <summary>Per-rank counts (1-based rank, impressions, clicks, sat clicks) of one pair.</summary>
    public IReadOnlyList<(int Rank, int Impressions, int Clicks, int SatClicks)> GetCells(int pair)
    {
        var list = new List<(int, int, int, int)>(CellStart[pair + 1] - CellStart[pair]);
        for (int c = CellStart[pair]; c < CellStart[pair + 1]; c++)
        {
            list.Add((CellRank[c] + 1, CellImpressions[c], CellClicks[c], CellSat[c]));
        }
        return list;
    }

    /// <summary>Impressions and clicks per rank (index 0 = rank 1) over kept impressions.</summary>
    public IReadOnlyList<(long Impressions, long Clicks)> GetRankTotals()
    {
        var list = new List<(long, long)>(MaxRank);
        for (int k = 0; k < MaxRank; k++)
        {
            list.Add((RankImpressions[k], RankClicks[k]));
        }
        return list;
    }
}
