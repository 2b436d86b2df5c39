namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Sums per-ranker evidence from several logs (the standing ingests of a project): counts of the same (ranker, query)
/// and of the same (rank, doc) add up, as do interleaving outcomes of the same pair of rankers.
/// </summary>
public sealed class RankerEvidenceBuilder
{
    private readonly Dictionary<(string Ranker, string Query), Entry> _queries = new();
    private readonly Dictionary<(string A, string B), InterleavingCount> _interleaving = new();

    private sealed class Entry
    {
        public RankerClickCounts Counts;
        public readonly Dictionary<(int Rank, string Doc), int> Docs = new();
    }

    /// <summary>Distinct (ranker, query) combinations so far.</summary>
    public int Count => _queries.Count;

    public void Add(RankerQueryEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (!_queries.TryGetValue((evidence.Ranker, evidence.QueryId), out var entry))
        {
            entry = new Entry();
            _queries[(evidence.Ranker, evidence.QueryId)] = entry;
        }
        entry.Counts = entry.Counts.Add(evidence.Counts);
        foreach (var d in evidence.Docs)
        {
            entry.Docs[(d.Rank, d.DocId)] = entry.Docs.GetValueOrDefault((d.Rank, d.DocId)) + d.Impressions;
        }
    }

    public void Add(InterleavingCount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        var c = count.Canonical();
        _interleaving[(c.RankerA, c.RankerB)] = _interleaving.TryGetValue((c.RankerA, c.RankerB), out var old) ? old.Add(c) : c;
    }

    public void Add(RankerEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        foreach (var q in evidence.Queries)
        {
            Add(q);
        }
        foreach (var i in evidence.Interleaving)
        {
            Add(i);
        }
    }

    /// <summary>The merged evidence, ordered by ranker, query, rank and doc (ordinal), so results never depend on input order.</summary>
    public RankerEvidence Build()
    {
        var queries = _queries
            .OrderBy(kv => kv.Key.Ranker, StringComparer.Ordinal).ThenBy(kv => kv.Key.Query, StringComparer.Ordinal)
            .Select(kv => new RankerQueryEvidence(kv.Key.Ranker, kv.Key.Query, kv.Value.Counts,
                kv.Value.Docs.OrderBy(d => d.Key.Rank).ThenBy(d => d.Key.Doc, StringComparer.Ordinal)
                    .Select(d => new RankedDocCount(d.Key.Rank, d.Key.Doc, d.Value)).ToArray()))
            .ToArray();
        var interleaving = _interleaving.Values
            .OrderBy(i => i.RankerA, StringComparer.Ordinal).ThenBy(i => i.RankerB, StringComparer.Ordinal).ToArray();
        return new RankerEvidence(queries, interleaving);
    }
}
