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
    public Dictionary<(string Q, string D), (long TaskId, int Grade, string Source)> Human { get; } = new();
    public Dictionary<string, string> QueryTexts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> DocTexts { get; } = new(StringComparer.Ordinal);

    public static async Task<ProjectPairs> LoadAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var result = new ProjectPairs();
        var tasks = db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId)
            .Select(t => new { t.Id, t.DataJson, t.ExternalKey }).AsAsyncEnumerable();
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
            if (pair is { } p)
            {
                result.TaskByPair.TryAdd(p, t.Id);
                result.PairByTask[t.Id] = p;
            }
        }
        if (result.PairByTask.Count == 0) return result;

        var outcomes = db.TaskOutcomes.AsNoTracking()
            .Where(o => o.ProjectId == projectId && (o.State == TaskOutcomeState.Agreed || o.State == TaskOutcomeState.Resolved))
            .Select(o => new { o.TaskId, o.ConsensusResultJson }).AsAsyncEnumerable();
        await foreach (var o in outcomes.WithCancellation(ct))
        {
            if (result.PairByTask.TryGetValue(o.TaskId, out var pair) && HumanRelevance.GradeOf(o.ConsensusResultJson) is { } grade)
            {
                result.Human[pair] = (o.TaskId, grade, "consensus");
            }
        }
        // Gold answers outrank consensus; the latest row of a task wins and a retraction removes it.
        var gold = await db.GoldAnswers.AsNoTracking().Where(g => g.ProjectId == projectId).OrderBy(g => g.Id)
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
