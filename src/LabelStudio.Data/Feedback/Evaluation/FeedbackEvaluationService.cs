using System.Globalization;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback.Evaluation;

/// <summary>
/// Evaluates rankers and the precision promise per query segment from a project's accumulated click evidence (the
/// standing ingests within the evidence window, as the labels are) and its current labels, where a human judgement
/// (gold, consensus, seed) wins over the model's decision. Administrators only, like the rest of click feedback.
/// </summary>
public sealed class FeedbackEvaluationService(IDbContextFactory<AppDbContext> dbFactory, FeedbackService feedback, FeedbackEvaluationCache cache,
    TimeProvider clock)
{
    public const string RankerMethod =
        "Click metrics are pooled over impressions; NDCG@10 and precision@k are averaged over queries. NDCG's gain is graded: "
        + "the human label (1 or 0) where one exists, else the model's P(relevant) (0 for a spam suspect). Precision counts only "
        + "labeled results (a human label, else the model's decision; abstentions are left out). Intervals are 95 % normal "
        + "approximations over queries (variance clustered by query); a comparison pairs the queries both rankers served. "
        + "Interleaved impressions count only as interleaving wins (exact sign test of wins against losses).";

    public const string SegmentCut =
        "Queries sorted by shown results in the accumulated evidence: the head makes the first 50 %, the torso the next 30 %, the tail the rest.";

    public const string SegmentMethod =
        "One calibrated threshold serves the project; per segment this reports the share of pairs auto-labeled and the precision "
        + "of those decisions on the segment's human-judged pairs (Wilson 95 % interval). 'meets' = interval above the target, "
        + "'below' = interval under it, 'consistent' = the target lies inside it.";

    /// <summary>Every ranker's metrics, the comparison of B against A (defaults: the two rankers with most impressions) and the interleaving outcomes.</summary>
    public async Task<FeedbackRankerReport> RankersAsync(long projectId, Actor actor, string? rankerA, string? rankerB, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (ids, state) = await EvidenceAsync(db, projectId, ct);
        var (eval, cached) = await cache.GetOrComputeAsync(projectId, "rankers", state, async () =>
        {
            var evidence = await RankerEvidenceStore.LoadAsync(db, ids, ct);
            var human = await FeedbackLabelExporter.HumanLabelsAsync(db, projectId, ct);
            var judged = new RelevanceJudgements();
            var labels = FeedbackService.Current(db, projectId).AsNoTracking()
                .Select(l => new { l.QueryId, l.DocId, l.PRelevant, l.Decision }).AsAsyncEnumerable();
            await foreach (var l in labels.WithCancellation(ct))
            {
                judged.Set(l.QueryId, l.DocId, new PairJudgement(l.PRelevant ?? 0, l.Decision));
            }
            foreach (var (pair, h) in human)
            {
                judged.Set(pair.Item1, pair.Item2, new PairJudgement(h.Label, h.Label));
            }
            return RankerEvaluator.Evaluate(evidence, judged);
        });
        var names = eval.Rankers.Select(r => r.Ranker).ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { rankerA, rankerB })
        {
            if (!string.IsNullOrEmpty(name) && !names.Contains(name))
            {
                throw new DomainValidationException($"Ranker \"{name}\" is not in the project's click evidence.");
            }
        }
        var a = NonEmpty(rankerA) ?? eval.Rankers.Select(r => r.Ranker).FirstOrDefault(r => r != rankerB);
        var b = NonEmpty(rankerB) ?? eval.Rankers.Select(r => r.Ranker).FirstOrDefault(r => r != a);
        ComparisonView? comparison = null;
        if (a is not null && b is not null && a != b && eval.Compare(a, b) is { } c)
        {
            comparison = new ComparisonView(c.RankerA, c.RankerB, c.SharedQueries, c.Metrics.Select(m => Difference(m, c)).ToList());
        }
        return new FeedbackRankerReport(projectId, ids.Count, eval.JudgedPairs, RankerMethod,
            eval.Metrics.Select(m => new MetricInfoView(m.Key, m.Name, m.HigherIsBetter, m.Definition)).ToList(),
            eval.Rankers.Select(r => new RankerView(r.Ranker, r.Impressions, r.Queries,
                eval.Metrics.ToDictionary(m => m.Key, m => View(r.Metrics[m.Key])))).ToList(),
            comparison,
            eval.Interleaving.Select(i => new InterleavingView(i.RankerA, i.RankerB, i.WinsA, i.WinsB, i.Ties, i.NoClicks, i.PValue,
                Math.Round(i.PreferenceB, 6), i.Winner)).ToList(), cached);
    }

    /// <summary>Coverage and precision of the current auto-labels per query segment.</summary>
    public async Task<FeedbackSegmentReport> SegmentsAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (ids, state) = await EvidenceAsync(db, projectId, ct);
        var (report, cached) = await cache.GetOrComputeAsync(projectId, "segments", state, () => ComputeSegmentsAsync(db, projectId, ids, ct));
        return report with { Cached = cached };
    }

    private async Task<FeedbackSegmentReport> ComputeSegmentsAsync(AppDbContext db, long projectId, List<long> ids, CancellationToken ct)
    {
        var settings = await feedback.GetSettingsAsync(projectId, ct);
        var traffic = await db.FeedbackPairEvidence.AsNoTracking().Where(e => e.ProjectId == projectId && ids.Contains(e.IngestId))
            .GroupBy(e => e.QueryId).Select(g => new { g.Key, Shown = g.Sum(e => (long)e.Impressions) })
            .ToDictionaryAsync(x => x.Key, x => x.Shown, StringComparer.Ordinal, ct);
        var human = await FeedbackLabelExporter.HumanLabelsAsync(db, projectId, ct);
        var pairs = new List<SegmentPair>();
        var labels = FeedbackService.Current(db, projectId).AsNoTracking().Select(l => new { l.QueryId, l.DocId, l.Decision }).AsAsyncEnumerable();
        await foreach (var l in labels.WithCancellation(ct))
        {
            bool? relevant = human.TryGetValue((l.QueryId, l.DocId), out var h) ? h.Label == 1 : null;
            pairs.Add(new SegmentPair(l.QueryId, l.Decision, relevant));
        }
        var reports = SegmentPrecision.Evaluate(pairs, traffic, settings.TargetPrecision);
        return new FeedbackSegmentReport(projectId, settings.TargetPrecision, SegmentCut, SegmentMethod, reports.Select(s => new SegmentView(
            s.Segment.ToString().ToLowerInvariant(), s.Queries, s.Impressions, s.Pairs, s.Decided, Math.Round(s.Coverage, 6), s.SeedPairs,
            s.SeedDecided, s.SeedCorrect, Finite(s.Precision), Finite(s.Low), Finite(s.High), s.Verdict)).ToList());
    }

    /// <summary>The ingests whose evidence counts now, and the state the cache keys on.</summary>
    private async Task<(List<long> Ids, string State)> EvidenceAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var settings = await feedback.GetSettingsAsync(projectId, ct);
        var ids = await FeedbackGenerationService.EvidenceIngests(db, projectId, settings, clock.GetUtcNow().UtcDateTime)
            .OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        return (ids, await FeedbackEvaluationCache.StateAsync(db, projectId, ids, settings, ct));
    }

    private static DifferenceView Difference(MetricDifference m, RankerComparison c)
    {
        var d = m.Difference;
        string statement;
        if (!double.IsFinite(d.Value))
        {
            statement = "no shared queries with this metric";
        }
        else
        {
            // A significant difference's interval excludes 0: as a size it runs from the smaller magnitude to the larger.
            var interval = double.IsFinite(d.Low)
                ? string.Create(CultureInfo.InvariantCulture,
                    $" [{Math.Min(Math.Abs(d.Low), Math.Abs(d.High)):0.000}, {Math.Max(Math.Abs(d.Low), Math.Abs(d.High)):0.000}]")
                : "";
            statement = m.Verdict switch
            {
                "b_better" => string.Create(CultureInfo.InvariantCulture, $"{c.RankerB} better than {c.RankerA} by {Math.Abs(d.Value):0.000}{interval}"),
                "a_better" => string.Create(CultureInfo.InvariantCulture, $"{c.RankerA} better than {c.RankerB} by {Math.Abs(d.Value):0.000}{interval}"),
                _ => string.Create(CultureInfo.InvariantCulture,
                    $"no significant difference ({d.Value:+0.000;-0.000;0.000}{(double.IsFinite(d.Low) ? $" [{d.Low:+0.000;-0.000;0.000}, {d.High:+0.000;-0.000;0.000}]" : "")})"),
            };
        }
        return new DifferenceView(m.Metric, Finite(m.A), Finite(m.B), Finite(d.Value), Finite(d.Low), Finite(d.High), m.Verdict, statement);
    }

    private static MetricView View(MetricEstimate e) => new(Finite(e.Value), Finite(e.Low), Finite(e.High), e.Queries);

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
