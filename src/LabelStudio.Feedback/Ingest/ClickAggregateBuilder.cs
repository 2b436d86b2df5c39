using System.Text;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Builds one <see cref="ClickAggregate"/> from the stored evidence of several logs, so that labels come from all the
/// evidence a project has gathered. Counts add up per pair and per (pair, rank); the spam rule is applied again to the
/// merged clicks: when the same user is the most active clicker in several logs their clicks add up, otherwise the
/// largest count stands (distinct clickers are added, less one per log whose top clicker was already counted).
/// </summary>
public sealed class ClickAggregateBuilder(IngestOptions? options = null)
{
    private readonly IngestOptions _options = options ?? new IngestOptions();
    private readonly Utf8Interner _queries = new();
    private readonly Utf8Interner _docs = new();
    private readonly LongIntMap _pairMap = new(1 << 12);
    private readonly List<Acc> _pairs = [];
    private int _maxRank;

    /// <summary>Pairs so far.</summary>
    public int PairCount => _pairs.Count;

    /// <summary>Adds one log's evidence of a pair (each pair may be added once per log).</summary>
    public void Add(string queryId, string docId, StoredPairEvidence e)
    {
        ArgumentNullException.ThrowIfNull(e);
        int q = _queries.GetOrAdd(Encoding.UTF8.GetBytes(queryId));
        int d = _docs.GetOrAdd(Encoding.UTF8.GetBytes(docId));
        int index = _pairMap.GetOrAdd(((ulong)(uint)q << 32) | (uint)d, _pairs.Count, out var added);
        if (added)
        {
            _pairs.Add(new Acc(q, d));
        }
        var acc = _pairs[index];
        acc.Impressions += e.Impressions;
        acc.Clicks += e.Clicks;
        acc.Sat += e.SatClicks;
        acc.Examined += e.SdbnExamined;
        acc.Last += e.SdbnLastClicks;
        acc.ClickerClicks += e.ClickerClicks;
        if (e.TopClicker is not null && e.TopClicker == acc.TopClicker)
        {
            acc.TopClicks += e.TopClickerClicks;
            acc.Distinct += Math.Max(0, e.DistinctClickers - 1);
        }
        else
        {
            acc.Distinct += e.DistinctClickers;
            if (e.TopClickerClicks > acc.TopClicks)
            {
                acc.TopClicks = e.TopClickerClicks;
                acc.TopClicker = e.TopClicker;
            }
        }
        foreach (var c in e.Cells)
        {
            if (c.Rank < 1)
            {
                continue;
            }
            _maxRank = Math.Max(_maxRank, c.Rank);
            var cell = acc.Cells.GetValueOrDefault(c.Rank);
            acc.Cells[c.Rank] = (cell.N + c.Impressions, cell.C + c.Clicks, cell.S + c.SatClicks);
        }
    }

    /// <summary>The merged aggregate; <paramref name="summary"/> describes the logs it came from.</summary>
    public ClickAggregate Build(IngestSummary? summary = null)
    {
        int pairCount = _pairs.Count;
        // The ranks a log can hold (as the ingestor has them), or deeper if stored evidence was deeper.
        int maxRank = Math.Max(_options.MaxRank, _maxRank);
        var agg = new ClickAggregate(_queries, _docs, maxRank, summary ?? new IngestSummary()) { PairCount = pairCount };
        agg._pairIndex = _pairMap;
        agg.PairQuery = new int[pairCount];
        agg.PairDoc = new int[pairCount];
        agg.PairImpressions = new int[pairCount];
        agg.PairClicks = new int[pairCount];
        agg.PairSat = new int[pairCount];
        agg.PairSdbnExamined = new int[pairCount];
        agg.PairSdbnLast = new int[pairCount];
        agg.PairDistinctClickers = new int[pairCount];
        agg.PairTopClickerShare = new float[pairCount];
        agg.PairSpam = new bool[pairCount];
        agg.PairTopClicks = new int[pairCount];
        agg.PairClickerClicks = new int[pairCount];
        agg.PairTopClicker = new int[pairCount];
        agg.TopClickerIds = new string[pairCount];
        var start = new int[pairCount + 1];
        for (int p = 0; p < pairCount; p++)
        {
            start[p + 1] = start[p] + _pairs[p].Cells.Count;
        }
        int cellCount = start[pairCount];
        agg.CellCount = cellCount;
        agg.CellStart = start;
        agg.CellRank = new int[cellCount];
        agg.CellImpressions = new int[cellCount];
        agg.CellClicks = new int[cellCount];
        agg.CellSat = new int[cellCount];
        agg.RankImpressions = new long[maxRank];
        agg.RankClicks = new long[maxRank];
        var queriesSeen = new HashSet<int>();
        var docsSeen = new HashSet<int>();
        int spamCount = 0;
        for (int p = 0; p < pairCount; p++)
        {
            var a = _pairs[p];
            agg.PairQuery[p] = a.Query;
            agg.PairDoc[p] = a.Doc;
            queriesSeen.Add(a.Query);
            docsSeen.Add(a.Doc);
            agg.PairImpressions[p] = a.Impressions;
            agg.PairClicks[p] = a.Clicks;
            agg.PairSat[p] = a.Sat;
            agg.PairSdbnExamined[p] = a.Examined;
            agg.PairSdbnLast[p] = a.Last;
            agg.PairDistinctClickers[p] = a.Distinct;
            agg.PairTopClicks[p] = a.TopClicks;
            agg.PairClickerClicks[p] = a.ClickerClicks;
            agg.TopClickerIds[p] = a.TopClicker!;
            if (a.ClickerClicks > 0)
            {
                agg.PairTopClickerShare[p] = (float)a.TopClicks / a.ClickerClicks;
                if (_options.Clean && a.ClickerClicks >= _options.SpamMinClicks
                    && (agg.PairTopClickerShare[p] >= _options.SpamTopUserShare || a.Distinct <= _options.SpamMaxDistinctUsers))
                {
                    agg.PairSpam[p] = true;
                    spamCount++;
                }
            }
            int c = start[p];
            foreach (var (rank, cell) in a.Cells.OrderBy(x => x.Key))
            {
                agg.CellRank[c] = rank - 1;
                agg.CellImpressions[c] = cell.N;
                agg.CellClicks[c] = cell.C;
                agg.CellSat[c] = cell.S;
                agg.RankImpressions[rank - 1] += cell.N;
                agg.RankClicks[rank - 1] += cell.C;
                c++;
            }
        }
        agg.Summary = (summary ?? new IngestSummary()) with
        {
            Queries = queriesSeen.Count, Docs = docsSeen.Count, Pairs = pairCount, Cells = cellCount, SpamPairs = spamCount,
        };
        return agg;
    }

    private sealed class Acc(int query, int doc)
    {
        public int Query { get; } = query;
        public int Doc { get; } = doc;
        public int Impressions;
        public int Clicks;
        public int Sat;
        public int Examined;
        public int Last;
        public int Distinct;
        public int ClickerClicks;
        public int TopClicks;
        public string? TopClicker;
        public Dictionary<int, (int N, int C, int S)> Cells { get; } = [];
    }
}
