namespace LabelStudio.Consensus;

/// <summary>
/// The consensus of several raters' spans on one text, made only of spans the raters marked: exact bounds, nested and
/// overlapping spans kept, nothing drawn that no rater drew.
/// <list type="number">
/// <item>Bounds (start, end) marked by more than half of the raters are kept; their label is decided by the raters who
/// marked them (<see cref="SpanLabelMode"/>); a split label is a tie (the lowest label index stands as the candidate).</item>
/// <item>A span marked by a minority is dropped. When it overlaps kept bounds that carry its label, the majority has
/// placed that entity elsewhere: a minority boundary, settled like a 2-to-1 vote.</item>
/// <item>Other overlapping spans form clusters. A cluster with one set of bounds marked by exactly half of the raters is
/// a tie (entity or not). A cluster with several bounds marked by at least half of the raters is a boundary
/// disagreement; when more than half marked it, token voting picks the candidate among the raters' own spans: the
/// span whose characters the most raters covered with the same label (then the most exact votes, the shortest, the
/// earliest). Token voting decides which span wins, never where it starts or ends.</item>
/// </list>
/// Every rater counts once per span, whatever duplicates their annotation holds; raters who marked nothing still count
/// in the denominator (they say "no entity here").
/// </summary>
public static class SpanConsensus
{
    /// <summary>Computes the consensus of <paramref name="raters"/> (one span list per rater).</summary>
    public static SpanConsensusResult Compute(IReadOnlyList<IReadOnlyList<LabeledSpan>> raters, SpanLabelMode mode = SpanLabelMode.Single)
    {
        ArgumentNullException.ThrowIfNull(raters);
        var n = raters.Count;
        var votes = new Dictionary<TextRange, BoundsVote>();
        for (var r = 0; r < n; r++)
        {
            foreach (var span in raters[r])
            {
                if (span.Start >= span.End || span.Start < 0) continue;
                var range = new TextRange(span.Start, span.End);
                if (!votes.TryGetValue(range, out var vote)) votes[range] = vote = new BoundsVote(range);
                vote.Add(r, span.Label);
            }
        }

        var verdicts = new List<SpanVerdict>();
        var consensus = new List<LabeledSpan>();
        var tie = false;
        var boundary = false;
        var kept = new List<(TextRange Range, HashSet<int> Labels)>();
        var open = new List<BoundsVote>();
        foreach (var vote in votes.Values)
        {
            if (vote.Raters.Count * 2 <= n)
            {
                open.Add(vote);
                continue;
            }
            var (chosen, tied) = ChooseLabels(vote, mode);
            tie |= tied.Count > 0;
            kept.Add((vote.Range, chosen));
            foreach (var (label, labelRaters) in vote.Labels)
            {
                var count = labelRaters.Count;
                var status = tied.Contains(label) ? SpanStatus.LabelTie
                    : !chosen.Contains(label) ? SpanStatus.Minority
                    : count == n ? SpanStatus.Unanimous : SpanStatus.Majority;
                var span = new LabeledSpan(vote.Range.Start, vote.Range.End, label);
                verdicts.Add(new SpanVerdict(span, count, status, chosen.Contains(label)));
                if (chosen.Contains(label)) consensus.Add(span);
            }
        }

        var clustered = new List<BoundsVote>();
        foreach (var vote in open)
        {
            var absorbed = kept.Any(k => Overlaps(k.Range, vote.Range) && vote.Labels.Keys.Any(k.Labels.Contains));
            if (absorbed) AddAll(verdicts, vote, SpanStatus.Minority, picked: null);
            else clustered.Add(vote);
        }

        foreach (var cluster in Clusters(clustered))
        {
            var clusterRaters = cluster.SelectMany(v => v.Raters).Distinct().Count();
            if (cluster.Count == 1)
            {
                var presenceTie = clusterRaters * 2 == n;
                tie |= presenceTie;
                AddAll(verdicts, cluster[0], presenceTie ? SpanStatus.PresenceTie : SpanStatus.Minority, picked: null);
                continue;
            }
            if (clusterRaters * 2 < n)
            {
                foreach (var vote in cluster) AddAll(verdicts, vote, SpanStatus.Minority, picked: null);
                continue;
            }
            boundary = true;
            var picked = clusterRaters * 2 > n ? PickCandidates(cluster, n) : [];
            consensus.AddRange(picked);
            foreach (var vote in cluster) AddAll(verdicts, vote, SpanStatus.Boundary, picked);
        }

        consensus.Sort(SpanOrder);
        verdicts.Sort((x, y) => SpanOrder(x.Span, y.Span));
        return new SpanConsensusResult(consensus, verdicts, tie, boundary, MeanPairwiseF1(raters), n);
    }

    /// <summary>Orders spans by start, then end, then label.</summary>
    public static int SpanOrder(LabeledSpan x, LabeledSpan y) =>
        x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.End != y.End ? x.End.CompareTo(y.End) : x.Label.CompareTo(y.Label);

    private static (HashSet<int> Chosen, HashSet<int> Tied) ChooseLabels(BoundsVote vote, SpanLabelMode mode)
    {
        var counts = vote.Labels.Select(p => (Label: p.Key, Count: p.Value.Count)).OrderBy(p => p.Label).ToList();
        var top = counts.Max(p => p.Count);
        if (mode == SpanLabelMode.Single)
        {
            var tops = counts.Where(p => p.Count == top).Select(p => p.Label).ToList();
            return ([tops[0]], tops.Count > 1 ? [.. tops] : []);
        }
        var markers = vote.Raters.Count;
        var chosen = counts.Where(p => p.Count * 2 > markers).Select(p => p.Label).ToHashSet();
        var tied = counts.Where(p => p.Count * 2 == markers).Select(p => p.Label).ToHashSet();
        if (chosen.Count == 0) chosen.Add(counts.First(p => p.Count == top).Label);
        return (chosen, tied);
    }

    /// <summary>Token voting inside a boundary cluster: best-supported rater spans first, none overlapping another pick,
    /// each marked (with any label) by more than half of the raters.</summary>
    private static List<LabeledSpan> PickCandidates(List<BoundsVote> cluster, int n)
    {
        var candidates = cluster.SelectMany(v => v.Labels.Select(l => (Span: new LabeledSpan(v.Range.Start, v.Range.End, l.Key), Votes: l.Value.Count)))
            .Select(c => (c.Span, c.Votes, Support: Support(c.Span, cluster)))
            .OrderByDescending(c => c.Support).ThenByDescending(c => c.Votes).ThenBy(c => c.Span.End - c.Span.Start)
            .ThenBy(c => c.Span.Start).ThenBy(c => c.Span.Label)
            .ToList();
        var picked = new List<LabeledSpan>();
        foreach (var (span, _, _) in candidates)
        {
            var range = new TextRange(span.Start, span.End);
            if (picked.Any(p => Overlaps(new TextRange(p.Start, p.End), range))) continue;
            var markers = cluster.Where(v => Overlaps(v.Range, range)).SelectMany(v => v.Raters).Distinct().Count();
            if (markers * 2 > n) picked.Add(span);
        }
        return picked;
    }

    /// <summary>Mean, over the span's characters, of the number of raters who covered the character with the span's label.</summary>
    private static double Support(LabeledSpan span, List<BoundsVote> cluster)
    {
        var length = span.End - span.Start;
        var covered = new int[length];
        var byRater = new Dictionary<int, bool[]>();
        foreach (var vote in cluster)
        {
            if (!vote.Labels.TryGetValue(span.Label, out var raters)) continue;
            var from = Math.Max(span.Start, vote.Range.Start);
            var to = Math.Min(span.End, vote.Range.End);
            if (from >= to) continue;
            foreach (var r in raters)
            {
                if (!byRater.TryGetValue(r, out var mask)) byRater[r] = mask = new bool[length];
                for (var i = from; i < to; i++) mask[i - span.Start] = true;
            }
        }
        foreach (var mask in byRater.Values)
        {
            for (var i = 0; i < length; i++) if (mask[i]) covered[i]++;
        }
        return covered.Average();
    }

    private static List<List<BoundsVote>> Clusters(List<BoundsVote> votes)
    {
        var ordered = votes.OrderBy(v => v.Range.Start).ThenBy(v => v.Range.End).ToList();
        var clusters = new List<List<BoundsVote>>();
        var end = int.MinValue;
        foreach (var vote in ordered)
        {
            // Sorted by start, overlapping ranges chain into one cluster as long as a range starts before the running end.
            if (clusters.Count == 0 || vote.Range.Start >= end)
            {
                clusters.Add([]);
                end = vote.Range.End;
            }
            clusters[^1].Add(vote);
            end = Math.Max(end, vote.Range.End);
        }
        return clusters;
    }

    private static void AddAll(List<SpanVerdict> verdicts, BoundsVote vote, SpanStatus status, List<LabeledSpan>? picked)
    {
        foreach (var (label, raters) in vote.Labels)
        {
            var span = new LabeledSpan(vote.Range.Start, vote.Range.End, label);
            verdicts.Add(new SpanVerdict(span, raters.Count, status, picked?.Contains(span) == true));
        }
    }

    private static bool Overlaps(TextRange a, TextRange b) => a.Start < b.End && b.Start < a.End;

    private static double MeanPairwiseF1(IReadOnlyList<IReadOnlyList<LabeledSpan>> raters)
    {
        var distinct = raters.Select(r => (IReadOnlyList<LabeledSpan>)r.Distinct().ToList()).ToList();
        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < distinct.Count; a++)
        {
            for (var b = a + 1; b < distinct.Count; b++)
            {
                sum += SpanAgreement.F1(distinct[a], distinct[b], SpanMatch.Exact);
                pairs++;
            }
        }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    /// <summary>Who marked one set of bounds, and with which labels.</summary>
    private sealed class BoundsVote(TextRange range)
    {
        public TextRange Range { get; } = range;
        public HashSet<int> Raters { get; } = [];
        public SortedDictionary<int, HashSet<int>> Labels { get; } = [];

        public void Add(int rater, int label)
        {
            Raters.Add(rater);
            if (!Labels.TryGetValue(label, out var raters)) Labels[label] = raters = [];
            raters.Add(rater);
        }
    }
}
