using LabelStudio.Data.Database;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// One kind of background job. To add a kind (an export, a validation): implement this interface, register it with
/// <c>services.AddJobHandler&lt;THandler&gt;()</c>, start jobs with <see cref="JobService.EnqueueAsync"/> (or
/// <see cref="JobService.RunInlineAsync"/> from the command line), and show them with the job endpoints and the
/// <c>JobList</c> component. The runner does the rest: queueing, state and progress in the database, cancel,
/// shutdown, scratch files, and the clean-up after a crash.
/// </summary>
public interface IJobHandler
{
    /// <summary>A short stable name stored with each job, e.g. <c>import</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// Does the work. Report progress through <paramref name="run"/>; honour <paramref name="ct"/> (cancel and
    /// shutdown). Rows a job writes must stay invisible until it publishes them in one short transaction, so a
    /// failure or a crash leaves nothing half-visible. Throw <see cref="Common.DomainValidationException"/> for input the user can fix.
    /// </summary>
    Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct);

    /// <summary>
    /// Called when a job of this kind ended without finishing (failed, cancelled, interrupted by a crash or a
    /// shutdown): mark what it wrote as abandoned. Staged task batches are discarded by the runner already.
    /// </summary>
    Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct) => Task.CompletedTask;
}
