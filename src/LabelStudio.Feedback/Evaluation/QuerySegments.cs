namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Cuts queries by frequency: sorted by impressions (most first, ties by id), the queries that make the first
/// <see cref="HeadShare"/> of all impressions are the head, the next <see cref="TorsoShare"/> the torso, the rest the
/// tail. A query that straddles a cut belongs to the earlier segment, so the head is never empty.
/// </summary>
public static class QuerySegments
{
    public const double HeadShare = 0.5;
    public const double TorsoShare = 0.3;

    public static Dictionary<string, QuerySegment> Assign(IReadOnlyDictionary<string, long> impressionsByQuery)
    {
        ArgumentNullException.ThrowIfNull(impressionsByQuery);
        double total = impressionsByQuery.Values.Sum(v => (double)Math.Max(0, v));
        var result = new Dictionary<string, QuerySegment>(StringComparer.Ordinal);
        double before = 0;
        foreach (var (query, n) in impressionsByQuery.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            result[query] = before < HeadShare * total ? QuerySegment.Head
                : before < (HeadShare + TorsoShare) * total ? QuerySegment.Torso
                : QuerySegment.Tail;
            before += Math.Max(0, n);
        }
        return result;
    }
}
