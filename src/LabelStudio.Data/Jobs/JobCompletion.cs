using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Jobs;

internal static class JobCompletion
{
    /// <summary>
    /// Records a job's outcome inside the caller's transaction, the one that publishes what the job wrote: a crash
    /// can then never leave published rows under a job that says it failed, or the reverse.
    /// </summary>
    public static Task MarkAsync(AppDbContext db, long jobId, JobOutcome outcome, DateTime now, CancellationToken ct)
    {
        var message = Shorten(outcome.Message);
        return db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, outcome.State)
            .SetProperty(j => j.Message, message)
            .SetProperty(j => j.ResultJson, outcome.ResultJson)
            .SetProperty(j => j.FinishedAt, now), ct);
    }

    /// <summary>Messages fit their column (4000 characters).</summary>
    public static string Shorten(string message) => message.Length <= 4000 ? message : message[..3999] + "…";
}
