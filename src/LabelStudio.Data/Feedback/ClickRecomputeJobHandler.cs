using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Feedback;

/// <summary>Runs <c>click-recompute</c> jobs. Result: <see cref="FeedbackIngestResult"/> (the recompute's generation).</summary>
internal sealed class ClickRecomputeJobHandler(FeedbackGenerationService generations, TimeProvider clock) : IJobHandler
{
    public string Kind => FeedbackGenerationService.RecomputeJobKind;

    public Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct) => generations.RecomputeAsync(run, ct);

    public Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct) =>
        FeedbackIngestService.AbandonAsync(db, jobId, reason, clock.GetUtcNow().UtcDateTime, ct);
}
