using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Import;

/// <summary>Runs <c>import</c> jobs. Result: <see cref="ImportJobResult"/>.</summary>
internal sealed class ImportJobHandler(ImportService imports) : IJobHandler
{
    public string Kind => ImportService.JobKind;

    public Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct) => imports.RunAsync(run, ct);
}
