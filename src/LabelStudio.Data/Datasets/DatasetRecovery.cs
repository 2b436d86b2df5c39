using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// At start-up: a version still Building whose build can no longer happen is marked Failed with the reason. That is a
/// version without a job older than the stale interval (the process died between creating it and queueing its job), or
/// one whose job has finished, failed or gone (the process died before the build named the version). A Building version
/// whose job is still queued or running is left to that job.
/// </summary>
internal static class DatasetRecovery
{
    public const string StrandedMessage = "Interrupted by a restart before its build started. Nothing was kept; create the version again.";

    public static async Task<int> FailStrandedAsync(AppDbContext db, DateTime now, TimeSpan staleAfter, CancellationToken ct)
    {
        var before = now - staleAfter;
        var stranded = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.State == DatasetState.Building
                        && (v.JobId == null
                            ? v.CreatedAt < before
                            : !db.Jobs.Any(j => j.Id == v.JobId && (j.State == JobState.Queued || j.State == JobState.Running))))
            .Select(v => v.Id).ToListAsync(ct);
        foreach (var id in stranded)
        {
            await db.DatasetItems.Where(i => i.DatasetVersionId == id).ExecuteDeleteAsync(ct);
            await db.DatasetFiles.Where(f => f.DatasetVersionId == id).ExecuteDeleteAsync(ct);
            await db.DatasetVersions.Where(v => v.Id == id && v.State == DatasetState.Building).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.State, DatasetState.Failed)
                .SetProperty(v => v.Failure, StrandedMessage)
                .SetProperty(v => v.FinishedAt, now), ct);
        }
        return stranded.Count;
    }
}
