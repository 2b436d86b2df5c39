using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Datasets;

/// <summary>Runs <c>dataset</c> jobs: builds a version (see <see cref="DatasetBuilder"/>).</summary>
internal sealed class DatasetJobHandler(DatasetBuilder builder) : IJobHandler
{
    public string Kind => DatasetBuilder.JobKind;

    public Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct) => builder.RunAsync(run, ct);

    public Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct) => builder.AbandonAsync(db, jobId, reason, ct);
}
