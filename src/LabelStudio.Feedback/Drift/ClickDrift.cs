using System.Globalization;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;

namespace LabelStudio.Feedback.Drift;

/// <summary>
/// Compares the click-through by rank of a new log with the evidence before it. Clicks at a rank are Bernoulli per
/// impression, so the difference of two rates has the binomial standard error √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀); a rank
/// moved when the difference exceeds <see cref="ClickDriftOptions.NoiseBand"/> standard errors and
/// <see cref="ClickDriftOptions.MinDifference"/>. A change of position bias (users scrolling less, a new layout) shows
/// as click-through moving at the lower ranks against the top; the θ_k of both sides are reported beside it.
/// </summary>
public static class ClickDrift
{
    /// <summary>Impressions, clicks and θ_k per rank of an aggregate (ranks 1 … <paramref name="maxRank"/>).</summary>
    public static IReadOnlyList<RankClicks> RankClicksOf(ClickAggregate aggregate, PbmFit? pbm, int maxRank = 10)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var totals = aggregate.GetRankTotals();
        var list = new List<RankClicks>();
        for (int k = 0; k < Math.Min(maxRank, totals.Count); k++)
        {
            double theta = pbm is not null && k < pbm.Theta.Count ? pbm.Theta[k] : double.NaN;
            list.Add(new RankClicks(k + 1, totals[k].Impressions, totals[k].Clicks, theta));
        }
        return list;
    }

    /// <summary>Sums several logs' counts per rank (θ is unknown for a sum: NaN).</summary>
    public static IReadOnlyList<RankClicks> Sum(IEnumerable<IReadOnlyList<RankClicks>> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var sums = new SortedDictionary<int, (long N, long C)>();
        foreach (var log in logs)
        {
            foreach (var r in log)
            {
                var s = sums.GetValueOrDefault(r.Rank);
                sums[r.Rank] = (s.N + r.Impressions, s.C + r.Clicks);
            }
        }
        return sums.Select(kv => new RankClicks(kv.Key, kv.Value.N, kv.Value.C, double.NaN)).ToList();
    }

    /// <summary>Compares <paramref name="current"/> with <paramref name="before"/> rank by rank.</summary>
    public static ClickDriftReport Compare(IReadOnlyList<RankClicks> current, IReadOnlyList<RankClicks> before, ClickDriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(before);
        options ??= new ClickDriftOptions();
        var ranks = new List<RankDrift>();
        for (int rank = 1; rank <= options.MaxRank; rank++)
        {
            var now = current.FirstOrDefault(r => r.Rank == rank) ?? new RankClicks(rank, 0, 0, double.NaN);
            var then = before.FirstOrDefault(r => r.Rank == rank) ?? new RankClicks(rank, 0, 0, double.NaN);
            if (now.Impressions == 0 && then.Impressions == 0) continue;
            if (now.Impressions == 0 || then.Impressions == 0)
            {
                ranks.Add(new RankDrift(rank, now, then, double.NaN, double.NaN, false));
                continue;
            }
            double p1 = now.Ctr, p0 = then.Ctr;
            double se = Math.Sqrt(p1 * (1 - p1) / now.Impressions + p0 * (1 - p0) / then.Impressions);
            double diff = p1 - p0;
            bool moved = now.Impressions >= options.MinImpressions && then.Impressions >= options.MinImpressions
                && Math.Abs(diff) > options.MinDifference && Math.Abs(diff) > options.NoiseBand * se;
            ranks.Add(new RankDrift(rank, now, then, diff, se, moved));
        }
        var movedRanks = ranks.Where(r => r.Moved).ToList();
        string summary;
        if (before.Count == 0 || before.All(r => r.Impressions == 0))
        {
            summary = "No earlier evidence to compare with.";
        }
        else if (movedRanks.Count == 0)
        {
            summary = "Click-through by rank is within sampling noise of the evidence before this log.";
        }
        else
        {
            summary = string.Create(CultureInfo.InvariantCulture,
                $"Click-through moved beyond sampling noise at rank{(movedRanks.Count == 1 ? "" : "s")} {string.Join(", ", movedRanks.Select(Describe))}: the users, the layout or the position bias may have changed.");
        }
        return new ClickDriftReport(ranks, movedRanks.Count > 0, summary);
    }

    private static string Describe(RankDrift r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Rank} ({r.Before.Ctr:P1} → {r.Current.Ctr:P1}, {Math.Abs(r.Difference) / r.StandardError:0.#} SE)");
}
