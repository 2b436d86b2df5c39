using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// One pass over a project's tasks: which (query, doc) pairs already have a task (by external key or by data keys
/// <c>query_id</c>/<c>doc_id</c>), the texts of queries and docs, and each pair's human judgement (latest gold
/// answer, else the consensus of an Agreed or Resolved outcome).
/// </summary>
internal sealed class ProjectPairs
{
    public Dictionary<(string Q, string D), long> TaskByPair { get; } = new();
    public Dictionary<long, (string Q, string D)> PairByTask { get; } = new();
    /// <summary>Tasks withdrawn from the queue (their pair was settled); one whose pair is uncertain again is re-queued.</summary>
    public HashSet<long> Withdrawn { get; } = [];
    public Dictionary<(string Q, string D), (long TaskId, int Grade, string Source)> Human { get; } = new();
    public Dictionary<string, string> QueryTexts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> DocTexts { get; } = new(StringComparer.Ordinal);

    /// <param name="asOf">Null for the current judgements; else those of the snapshot's outcome and gold watermarks.</param>
    public static async Task<ProjectPairs> LoadAsync(AppDbContext db, long projectId, CancellationToken ct, ClickLabelSnapshot? asOf = null)
    {
        var result = new ProjectPairs();
        var tasks = db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId)
            .Select(t => new { t.Id, t.DataJson, t.ExternalKey, t.WithdrawnAt }).AsAsyncEnumerable();
        await foreach (var t in tasks.WithCancellation(ct))
        {
            (string, string)? pair = null;
            if (t.ExternalKey is { } key && key.IndexOf('\t') is var tab and > 0 && tab < key.Length - 1)
            {
                pair = (key[..tab], key[(tab + 1)..]);
            }
            if (HumanRelevance.PairOf(t.DataJson) is { } fromData)
            {
                pair ??= fromData;
                var (query, doc) = HumanRelevance.TextsOf(t.DataJson);
                if (query is { Length: > 0 } && query != fromData.QueryId) result.QueryTexts.TryAdd(fromData.QueryId, query);
                if (doc is { Length: > 0 } && doc != fromData.DocId) result.DocTexts.TryAdd(fromData.DocId, doc);
            }
            if (t.WithdrawnAt is not null) result.Withdrawn.Add(t.Id);
            if (pair is { } p)
            {
                result.TaskByPair.TryAdd(p, t.Id);
                result.PairByTask[t.Id] = p;
            }
        }
        if (result.PairByTask.Count == 0) return result;

        var outcomes = asOf is null
            ? db.TaskOutcomes.AsNoTracking()
                .Where(o => o.ProjectId == projectId && (o.State == TaskOutcomeState.Agreed || o.State == TaskOutcomeState.Resolved))
                .Select(o => new { o.TaskId, o.State, o.ConsensusResultJson }).AsAsyncEnumerable()
            // As of the watermark: each task's latest revision not above it, in id order so the last one read wins.
            : db.TaskOutcomeRevisions.AsNoTracking().Where(r => r.ProjectId == projectId && r.Id <= asOf.OutcomeWatermark).OrderBy(r => r.Id)
                .Select(r => new { r.TaskId, r.State, r.ConsensusResultJson }).AsAsyncEnumerable();
        await foreach (var o in outcomes.WithCancellation(ct))
        {
            if (!result.PairByTask.TryGetValue(o.TaskId, out var pair)) continue;
            if (o.State is TaskOutcomeState.Agreed or TaskOutcomeState.Resolved && HumanRelevance.GradeOf(o.ConsensusResultJson) is { } grade)
            {
                result.Human[pair] = (o.TaskId, grade, "consensus");
            }
            else if (result.Human.TryGetValue(pair, out var earlier) && earlier.TaskId == o.TaskId)
            {
                result.Human.Remove(pair);
            }
        }
        // Gold answers outrank consensus; the latest row of a task wins and a retraction removes it.
        var goldWatermark = asOf?.GoldWatermark ?? long.MaxValue;
        var gold = await db.GoldAnswers.AsNoTracking().Where(g => g.ProjectId == projectId && g.Id <= goldWatermark).OrderBy(g => g.Id)
            .Select(g => new { g.TaskId, g.ResultJson, g.IsRetracted }).ToListAsync(ct);
        foreach (var g in gold.GroupBy(g => g.TaskId).Select(x => x.Last()))
        {
            if (!g.IsRetracted && result.PairByTask.TryGetValue(g.TaskId, out var pair) && HumanRelevance.GradeOf(g.ResultJson) is { } grade)
            {
                result.Human[pair] = (g.TaskId, grade, "gold");
            }
        }
        return result;
    }
}
