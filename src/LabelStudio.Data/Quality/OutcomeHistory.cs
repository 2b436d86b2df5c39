using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>The writes and reads of the outcome history (<see cref="TaskOutcomeRevision"/>) that every outcome writer shares.</summary>
public static class OutcomeHistory
{
    public static TaskOutcomeRevision Revision(TaskOutcome o, long? runId, DateTime now) => new()
    {
        TaskId = o.TaskId,
        ProjectId = o.ProjectId,
        RunId = runId,
        State = o.State,
        ConsensusResultJson = o.ConsensusResultJson,
        Method = o.Method,
        AgreementScore = o.AgreementScore,
        Posterior = o.Posterior,
        RatingCount = o.RatingCount,
        ModelVersion = o.ModelVersion,
        DetailsJson = o.DetailsJson,
        RecordedAt = now,
    };

    /// <summary>True when what a final label reads of the outcome (state, consensus, per-control details, method) differs.</summary>
    public static bool Changed(TaskOutcome before, TaskOutcome after) =>
        before.State != after.State || before.Method != after.Method
        || !string.Equals(before.ConsensusResultJson, after.ConsensusResultJson, StringComparison.Ordinal)
        || !string.Equals(before.DetailsJson, after.DetailsJson, StringComparison.Ordinal);

    public static Task<long?> LatestRunIdAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        db.ConsensusRuns.Where(r => r.ProjectId == projectId).MaxAsync(r => (long?)r.Id, ct);

    public static async Task<long> WatermarkAsync(AppDbContext db, CancellationToken ct) =>
        await db.TaskOutcomeRevisions.MaxAsync(r => (long?)r.Id, ct) ?? 0;

    /// <summary>Records the task's current outcome row as a revision (after a submit-time score or a lead's decision).</summary>
    public static async Task AppendCurrentAsync(AppDbContext db, long taskId, DateTime now, CancellationToken ct)
    {
        var row = await db.TaskOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.TaskId == taskId, ct);
        if (row is null) return;
        db.TaskOutcomeRevisions.Add(Revision(row, await LatestRunIdAsync(db, row.ProjectId, ct), now));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Gives every outcome of the project that has no revision yet (scored before the history was kept) one, so that
    /// reading "as of" a watermark sees it. A no-op once done. A chunk at a time, each under its own short hold of the
    /// writer (a million legacy outcomes must not keep raters waiting), in task order from where the last chunk ended.
    /// A task scored between two chunks gets its revision from the scorer, so a chunk that finds none left ends it.
    /// </summary>
    public static async Task BackfillAsync(AppDbContext db, long projectId, DateTime now, Common.WriteLock writeLock, Common.WriteHolder holder,
        CancellationToken ct)
    {
        // Revisions are written from outcome rows, and outcome rows are never deleted: when as many tasks have a revision
        // as have an outcome, none is missing. Two index scans answer the common case (every dataset build asks), where
        // the search below probes the history once per outcome.
        var outcomes = await db.TaskOutcomes.CountAsync(o => o.ProjectId == projectId, ct);
        var withHistory = await db.TaskOutcomeRevisions.Where(r => r.ProjectId == projectId).Select(r => r.TaskId).Distinct().CountAsync(ct);
        if (withHistory == outcomes) return;
        long after = 0;
        while (true)
        {
            using (await writeLock.EnterBulkAsync(holder, ct))
            {
                var missing = await db.TaskOutcomes.AsNoTracking()
                    .Where(o => o.ProjectId == projectId && o.TaskId > after && !db.TaskOutcomeRevisions.Any(r => r.TaskId == o.TaskId))
                    .OrderBy(o => o.TaskId).Take(BackfillChunk).ToListAsync(ct);
                if (missing.Count == 0) return;
                db.TaskOutcomeRevisions.AddRange(missing.Select(o => Revision(o, null, now)));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                after = missing[^1].TaskId;
            }
        }
    }

    /// <summary>Revisions written per hold of the writer by <see cref="BackfillAsync"/>.</summary>
    public const int BackfillChunk = 500;
}
