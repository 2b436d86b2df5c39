using LabelStudio.Data.Common;
using LabelStudio.Data.Consensus;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>
/// Every task of a project for leads and administrators (Label Studio's Data Manager): state, ratings, agreement, final
/// label and origin, batch and creation time; filtered, sorted and paged in the database, so that the page costs the
/// same at a million tasks. Final labels are derived for the rows of the page only.
/// </summary>
public sealed class TaskBrowserService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, FinalLabelService finals,
    TimeProvider clock)
{
    public const int MaxPageSize = 200;
    private const int PreviewLength = 160;

    public async Task<TaskPage> ListAsync(long projectId, TaskQuery query, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var open = TaskOutcomeState.Open;

        var rows = from t in db.Tasks.AsNoTracking()
                   where t.ProjectId == projectId
                   join o in db.TaskOutcomes on t.Id equals o.TaskId into outcomes
                   from o in outcomes.DefaultIfEmpty()
                   select new Row
                   {
                       Id = t.Id, CreatedAt = t.CreatedAt, CompletedCount = t.CompletedCount, RequiredRatings = t.RequiredRatings,
                       IsComplete = t.IsComplete, BatchId = t.ImportBatchId, ExternalKey = t.ExternalKey, DataJson = t.DataJson,
                       SourceIndex = t.SourceIndex, Scored = o != null && o.State != open, Outcome = o == null ? open : o.State,
                       Agreement = o == null ? null : o.AgreementScore, Priority = o == null ? null : (double?)o.Priority,
                   };
        rows = Filter(db, rows, query, now);
        var total = await rows.CountAsync(ct);
        var ordered = Sort(rows, query.Sort, query.Descending);
        var items = await ordered.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new
            {
                Row = r,
                Reserved = !r.IsComplete && db.Reservations.Any(x => x.TaskId == r.Id && x.ExpiresAt > now),
                File = db.ImportBatches.Where(b => b.Id == r.BatchId).Select(b => b.FileName).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var controls = ConsensusControl.From(config);
        var labels = await finals.DeriveAsync(db, project, [.. items.Select(i => i.Row.Id)], ct);
        var result = new List<TaskRow>(items.Count);
        foreach (var item in items)
        {
            var r = item.Row;
            var data = AnnotationMapping.ParseData(r.DataJson);
            var spanText = AnnotationMapping.SpanText(controls, data);
            var final = labels[r.Id];
            var text = ConflictQueueService.DisplayText(config, data);
            result.Add(new TaskRow(r.Id, TaskNames.Of(r.ExternalKey, item.File, r.SourceIndex), StateOf(r, item.Reserved, final.State), r.CompletedCount,
                r.RequiredRatings, r.Agreement, r.Priority, final.HasLabel ? AnswerSummary.Describe(controls, final.Result, spanText) : "",
                final.Origin, r.BatchId, item.File, r.CreatedAt, text is { Length: > PreviewLength } ? text[..PreviewLength] + "…" : text));
        }
        return new TaskPage(total, page, pageSize, result);
    }

    /// <summary>The project's import batches, newest first, for the batch filters.</summary>
    public async Task<IReadOnlyList<BatchOption>> BatchesAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        return await db.ImportBatches.AsNoTracking().Where(b => b.ProjectId == projectId).OrderByDescending(b => b.Id)
            .Select(b => new BatchOption(b.Id, b.FileName, b.TaskCount, b.ImportedAt)).ToListAsync(ct);
    }

    private static TaskState StateOf(Row row, bool reserved, TaskOutcomeState final) => final switch
    {
        TaskOutcomeState.Agreed => TaskState.Agreed,
        TaskOutcomeState.Conflict => TaskState.Conflict,
        TaskOutcomeState.Resolved => TaskState.Resolved,
        TaskOutcomeState.Invalid => TaskState.Invalid,
        _ => row.IsComplete ? TaskState.Complete : reserved ? TaskState.Reserved : TaskState.Open,
    };

    private static IQueryable<Row> Filter(AppDbContext db, IQueryable<Row> rows, TaskQuery query, DateTime now)
    {
        if (query.BatchId is { } batch) rows = rows.Where(r => r.BatchId == batch);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            rows = rows.Where(r => (r.ExternalKey != null && r.ExternalKey.Contains(search)) || r.DataJson.Contains(search));
        }
        return query.State switch
        {
            TaskState.Agreed => rows.Where(r => r.Scored && r.Outcome == TaskOutcomeState.Agreed),
            TaskState.Conflict => rows.Where(r => r.Scored && r.Outcome == TaskOutcomeState.Conflict),
            TaskState.Resolved => rows.Where(r => r.Scored && r.Outcome == TaskOutcomeState.Resolved),
            TaskState.Invalid => rows.Where(r => r.Scored && r.Outcome == TaskOutcomeState.Invalid),
            TaskState.Complete => rows.Where(r => !r.Scored && r.IsComplete),
            TaskState.Reserved => rows.Where(r => !r.Scored && !r.IsComplete && db.Reservations.Any(x => x.TaskId == r.Id && x.ExpiresAt > now)),
            TaskState.Open => rows.Where(r => !r.Scored && !r.IsComplete && !db.Reservations.Any(x => x.TaskId == r.Id && x.ExpiresAt > now)),
            _ => rows,
        };
    }

    private static IQueryable<Row> Sort(IQueryable<Row> rows, TaskSort sort, bool descending) => (sort, descending) switch
    {
        (TaskSort.Created, false) => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
        (TaskSort.Created, true) => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        (TaskSort.Ratings, false) => rows.OrderBy(r => r.CompletedCount).ThenBy(r => r.Id),
        (TaskSort.Ratings, true) => rows.OrderByDescending(r => r.CompletedCount).ThenBy(r => r.Id),
        (TaskSort.Agreement, false) => rows.OrderBy(r => r.Agreement == null).ThenBy(r => r.Agreement).ThenBy(r => r.Id),
        (TaskSort.Agreement, true) => rows.OrderBy(r => r.Agreement == null).ThenByDescending(r => r.Agreement).ThenBy(r => r.Id),
        (TaskSort.Priority, false) => rows.OrderBy(r => r.Priority == null).ThenBy(r => r.Priority).ThenBy(r => r.Id),
        (TaskSort.Priority, true) => rows.OrderBy(r => r.Priority == null).ThenByDescending(r => r.Priority).ThenBy(r => r.Id),
        (TaskSort.State, false) => rows.OrderBy(r => r.Scored).ThenBy(r => r.Outcome).ThenBy(r => r.IsComplete).ThenBy(r => r.Id),
        (TaskSort.State, true) => rows.OrderByDescending(r => r.Scored).ThenByDescending(r => r.Outcome).ThenByDescending(r => r.IsComplete).ThenBy(r => r.Id),
        (_, true) => rows.OrderByDescending(r => r.Id),
        _ => rows.OrderBy(r => r.Id),
    };

    private sealed class Row
    {
        public long Id { get; init; }
        public DateTime CreatedAt { get; init; }
        public int CompletedCount { get; init; }
        public int RequiredRatings { get; init; }
        public bool IsComplete { get; init; }
        public long? BatchId { get; init; }
        public string? ExternalKey { get; init; }
        public string DataJson { get; init; } = "";
        public int SourceIndex { get; init; }
        public bool Scored { get; init; }
        public TaskOutcomeState Outcome { get; init; }
        public double? Agreement { get; init; }
        public double? Priority { get; init; }
    }
}
