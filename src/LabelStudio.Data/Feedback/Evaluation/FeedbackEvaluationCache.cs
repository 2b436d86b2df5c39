using System.Collections.Concurrent;
using System.Globalization;
using LabelStudio.Data.Database;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback.Evaluation;

/// <summary>
/// The ranker and segment evaluations of each project, computed once per state of what they read (the generation, the
/// ingests whose evidence counts, the seed, the human judgements and the settings) and reused by page loads and API
/// calls until an ingest, a rollback, a recompute, a judgement or a setting changes that state. One entry per project
/// and kind, so memory stays bounded by the number of projects.
/// </summary>
public sealed class FeedbackEvaluationCache
{
    private readonly ConcurrentDictionary<(long ProjectId, string Kind), (string State, object Value)> _entries = new();

    /// <summary>The value for this state, computed now when the stored one is for another state (or none); and whether it was reused.</summary>
    public async Task<(T Value, bool Cached)> GetOrComputeAsync<T>(long projectId, string kind, string state, Func<Task<T>> compute)
        where T : class
    {
        if (_entries.TryGetValue((projectId, kind), out var entry) && entry.State == state) return ((T)entry.Value, true);
        var value = await compute();
        _entries[(projectId, kind)] = (state, value);
        return (value, false);
    }

    /// <summary>
    /// A fingerprint of everything an evaluation reads, from a few indexed lookups: the current generation, the evidence
    /// ingests, the latest seed, the latest gold answer, the agreed and resolved outcomes (count and latest computation)
    /// and the settings.
    /// </summary>
    internal static async Task<string> StateAsync(AppDbContext db, long projectId, IReadOnlyList<long> evidenceIds, FeedbackSettings settings,
        CancellationToken ct)
    {
        var generation = await FeedbackService.CurrentGeneration(db, projectId).Select(g => (long?)g).FirstOrDefaultAsync(ct);
        var seed = await db.FeedbackSeeds.Where(s => s.ProjectId == projectId).MaxAsync(s => (long?)s.Id, ct);
        var gold = await db.GoldAnswers.Where(g => g.ProjectId == projectId).MaxAsync(g => (long?)g.Id, ct);
        var judged = db.TaskOutcomes.Where(o => o.ProjectId == projectId && (o.State == TaskOutcomeState.Agreed || o.State == TaskOutcomeState.Resolved));
        var outcomes = await judged.CountAsync(ct);
        var latest = await judged.MaxAsync(o => (DateTime?)o.ComputedAt, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"{generation}|{string.Join(',', evidenceIds)}|{seed}|{gold}|{outcomes}|{latest:O}|{settings.TargetPrecision:R}|{settings.RelevantMinGrade}|{settings.UpdatedAt:O}");
    }
}
