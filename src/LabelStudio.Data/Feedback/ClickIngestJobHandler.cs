using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Feedback;

/// <summary>Runs <c>click-ingest</c> jobs. Result: <see cref="FeedbackIngestResult"/>.</summary>
internal sealed class ClickIngestJobHandler(FeedbackIngestService ingests, TimeProvider clock) : IJobHandler
{
    public string Kind => FeedbackIngestService.JobKind;

    public Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct) => ingests.RunAsync(run, ct);

    public Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct) =>
        FeedbackIngestService.AbandonAsync(db, jobId, reason, clock.GetUtcNow().UtcDateTime, ct);
}
