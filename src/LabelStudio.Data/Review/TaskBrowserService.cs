using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
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

        // Two steps, so that sorting and paging never carry the task data: first the ids of the page (index walks over
        // narrow rows), then everything about those few tasks.
        var tasks = db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId);
        if (query.BatchId is { } batch) tasks = tasks.Where(t => t.ImportBatchId == batch);
        tasks = query.State == TaskState.Withdrawn ? tasks.Where(t => t.WithdrawnAt != null) : tasks.Where(t => t.WithdrawnAt == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            tasks = tasks.Where(t => (t.ExternalKey != null && t.ExternalKey.Contains(search)) || t.DataJson.Contains(search));
        }
        var open = TaskOutcomeState.Open;
        IQueryable<Row> rows;
        if (ScoredState(query.State) is { } scored)
        {
            // Agreed, conflict, resolved, invalid: start from the outcomes of that state (an index seek), not from every task.
            rows = from o in db.TaskOutcomes
                   where o.ProjectId == projectId && o.State == scored
                   join t in tasks on o.TaskId equals t.Id
                   select new Row
                   {
                       Id = t.Id, CreatedAt = t.CreatedAt, CompletedCount = t.CompletedCount, IsComplete = t.IsComplete, Scored = true,
                       Outcome = o.State, Agreement = o.AgreementScore, Priority = o.Priority,
                   };
        }
        else
        {
            // A variable, not a literal: SQLite then seeks (ProjectId, IsComplete) instead of testing every task.
            var complete = query.State == TaskState.Complete;
            var source = query.State is TaskState.Open or TaskState.Reserved or TaskState.Complete ? tasks.Where(t => t.IsComplete == complete) : tasks;
            rows = from t in source
                   join o in db.TaskOutcomes on t.Id equals o.TaskId into outcomes
                   from o in outcomes.DefaultIfEmpty()
                   select new Row
                   {
                       Id = t.Id, CreatedAt = t.CreatedAt, CompletedCount = t.CompletedCount, IsComplete = t.IsComplete,
                       Scored = o != null && o.State != open, Outcome = o == null ? open : o.State,
                       Agreement = o == null ? null : o.AgreementScore, Priority = o == null ? null : (double?)o.Priority,
                   };
            rows = FilterState(db, rows, query.State, now);
        }
        var needsJoin = query.State is not (null or TaskState.Withdrawn) || query.Sort is TaskSort.Agreement or TaskSort.Priority or TaskSort.State;
        var total = query.State is null or TaskState.Withdrawn ? await tasks.CountAsync(ct) : await rows.CountAsync(ct);
        var ids = needsJoin
            ? await Sort(rows, query.Sort, query.Descending).Skip((page - 1) * pageSize).Take(pageSize).Select(r => r.Id).ToListAsync(ct)
            : await SortTasks(tasks, query.Sort, query.Descending).Skip((page - 1) * pageSize).Take(pageSize).Select(t => t.Id).ToListAsync(ct);

        var details = await (from t in db.Tasks.AsNoTracking()
                             where ids.Contains(t.Id)
                             join o in db.TaskOutcomes on t.Id equals o.TaskId into outcomes
                             from o in outcomes.DefaultIfEmpty()
                             select new
                             {
                                 t.Id, t.CreatedAt, t.CompletedCount, t.RequiredRatings, t.IsComplete, t.ImportBatchId, t.ExternalKey, t.DataJson,
                                 Withdrawn = t.WithdrawnAt != null,
                                 t.SourceIndex, Agreement = o == null ? null : o.AgreementScore, Priority = o == null ? null : (double?)o.Priority,
                                 Reserved = !t.IsComplete && db.Reservations.Any(x => x.TaskId == t.Id && x.ExpiresAt > now),
                                 File = db.ImportBatches.Where(b => b.Id == t.ImportBatchId).Select(b => b.FileName).FirstOrDefault(),
                             }).ToDictionaryAsync(d => d.Id, ct);

        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var controls = ConsensusControl.From(config);
        var labels = await finals.DeriveAsync(db, project, ids, ct);
        var result = new List<TaskRow>(ids.Count);
        foreach (var id in ids)
        {
            var d = details[id];
            var data = AnnotationMapping.ParseData(d.DataJson);
            var spanText = AnnotationMapping.SpanText(controls, data);
            var final = labels[id];
            var text = ConflictQueueService.DisplayText(config, data);
            var state = d.Withdrawn ? TaskState.Withdrawn : final.State switch
            {
                TaskOutcomeState.Agreed => TaskState.Agreed,
                TaskOutcomeState.Conflict => TaskState.Conflict,
                TaskOutcomeState.Resolved => TaskState.Resolved,
                TaskOutcomeState.Invalid => TaskState.Invalid,
                _ => d.IsComplete ? TaskState.Complete : d.Reserved ? TaskState.Reserved : TaskState.Open,
            };
            result.Add(new TaskRow(id, TaskNames.Of(d.ExternalKey, d.File, d.SourceIndex), state, d.CompletedCount, d.RequiredRatings,
                d.Agreement, d.Priority, final.HasLabel ? AnswerSummary.Describe(controls, final.Result, spanText) : "", final.Origin,
                d.ImportBatchId, d.File, d.CreatedAt, text is { Length: > PreviewLength } ? text[..PreviewLength] + "…" : text));
        }
        return new TaskPage(total, page, pageSize, result);
    }

    /// <summary>The project's published import batches, newest first, for the batch filters (one being imported is not shown).</summary>
    public async Task<IReadOnlyList<BatchOption>> BatchesAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        return await db.ImportBatches.AsNoTracking().Where(b => b.ProjectId == projectId && b.State == Import.ImportBatchState.Published)
            .OrderByDescending(b => b.Id)
            .Select(b => new BatchOption(b.Id, b.FileName, b.TaskCount, b.ImportedAt)).ToListAsync(ct);
    }

    private static TaskOutcomeState? ScoredState(TaskState? state) => state switch
    {
        TaskState.Agreed => TaskOutcomeState.Agreed,
        TaskState.Conflict => TaskOutcomeState.Conflict,
        TaskState.Resolved => TaskOutcomeState.Resolved,
        TaskState.Invalid => TaskOutcomeState.Invalid,
        _ => null,
    };

    private static IQueryable<Row> FilterState(AppDbContext db, IQueryable<Row> rows, TaskState? state, DateTime now) => state switch
    {
        TaskState.Complete => rows.Where(r => !r.Scored && r.IsComplete),
        TaskState.Reserved => rows.Where(r => !r.Scored && !r.IsComplete && db.Reservations.Any(x => x.TaskId == r.Id && x.ExpiresAt > now)),
        TaskState.Open => rows.Where(r => !r.Scored && !r.IsComplete && !db.Reservations.Any(x => x.TaskId == r.Id && x.ExpiresAt > now)),
        _ => rows,
    };

    /// <summary>Sorts on the task table alone (no outcome join): walks the (ProjectId, Id) or (ProjectId, CreatedAt) index.</summary>
    private static IQueryable<Labeling.LabelTask> SortTasks(IQueryable<Labeling.LabelTask> tasks, TaskSort sort, bool descending) => (sort, descending) switch
    {
        (TaskSort.Created, false) => tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        (TaskSort.Created, true) => tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        (TaskSort.Ratings, false) => tasks.OrderBy(t => t.CompletedCount).ThenBy(t => t.Id),
        (TaskSort.Ratings, true) => tasks.OrderByDescending(t => t.CompletedCount).ThenBy(t => t.Id),
        (_, true) => tasks.OrderByDescending(t => t.Id),
        _ => tasks.OrderBy(t => t.Id),
    };

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
        public bool IsComplete { get; init; }
        public bool Scored { get; init; }
        public TaskOutcomeState Outcome { get; init; }
        public double? Agreement { get; init; }
        public double? Priority { get; init; }
    }
}
