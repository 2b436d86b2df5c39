namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Reports, per query segment, the precision the auto-labels reached on the human seed and how many pairs they cover.
/// One threshold serves the whole project (its calibration); this says where that promise holds and where it does
/// not. Measured on the seed pairs the model decided, the same pairs the calibration used, so it is an in-sample
/// estimate; the interval says how much the segment's seed can tell.
/// </summary>
public static class SegmentPrecision
{
    public static IReadOnlyList<SegmentReport> Evaluate(IEnumerable<SegmentPair> pairs, IReadOnlyDictionary<string, long> impressionsByQuery,
        double targetPrecision)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var segments = QuerySegments.Assign(impressionsByQuery);
        var acc = new (int Pairs, int Decided, int Seed, int SeedDecided, int SeedCorrect)[3];
        foreach (var p in pairs)
        {
            if (!segments.TryGetValue(p.QueryId, out var s))
            {
                s = QuerySegment.Tail;
            }
            ref var a = ref acc[(int)s];
            a.Pairs++;
            if (p.Decision >= 0)
            {
                a.Decided++;
            }
            if (p.SeedRelevant is { } relevant)
            {
                a.Seed++;
                if (p.Decision >= 0)
                {
                    a.SeedDecided++;
                    if ((p.Decision == 1) == relevant)
                    {
                        a.SeedCorrect++;
                    }
                }
            }
        }
        var reports = new List<SegmentReport>();
        foreach (var s in Enum.GetValues<QuerySegment>())
        {
            var a = acc[(int)s];
            var queries = segments.Where(kv => kv.Value == s).ToArray();
            double precision = a.SeedDecided == 0 ? double.NaN : (double)a.SeedCorrect / a.SeedDecided;
            var (low, high) = RatioEstimator.Wilson(a.SeedCorrect, a.SeedDecided);
            string verdict = a.SeedDecided == 0 ? "no_seed" : low >= targetPrecision ? "meets" : high < targetPrecision ? "below" : "consistent";
            reports.Add(new SegmentReport(s, queries.Length, queries.Sum(kv => impressionsByQuery[kv.Key]), a.Pairs, a.Decided,
                a.Pairs == 0 ? 0 : (double)a.Decided / a.Pairs, a.Seed, a.SeedDecided, a.SeedCorrect, precision, low, high, verdict));
        }
        return reports;
    }
}
