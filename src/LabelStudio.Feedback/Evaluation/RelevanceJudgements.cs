namespace LabelStudio.Feedback.Evaluation;

/// <summary>The judgements of a project's pairs, by query then doc.</summary>
public sealed class RelevanceJudgements
{
    private readonly Dictionary<string, Dictionary<string, PairJudgement>> _byQuery = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>Sets a pair's judgement (a later call for the same pair replaces it).</summary>
    public void Set(string queryId, string docId, PairJudgement judgement)
    {
        if (!_byQuery.TryGetValue(queryId, out var docs))
        {
            docs = new Dictionary<string, PairJudgement>(StringComparer.Ordinal);
            _byQuery[queryId] = docs;
        }
        if (docs.TryAdd(docId, judgement))
        {
            Count++;
        }
        else
        {
            docs[docId] = judgement;
        }
    }

    /// <summary>The judged docs of a query (empty when none).</summary>
    public IReadOnlyDictionary<string, PairJudgement> Of(string queryId) =>
        _byQuery.TryGetValue(queryId, out var docs) ? docs : s_empty;

    private static readonly Dictionary<string, PairJudgement> s_empty = new();
}
