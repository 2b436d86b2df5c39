namespace LabelStudio.Data.Jobs;

/// <summary>
/// One background job (an import, a click-log ingest, ...). Its state and progress live in the database, so a page
/// reloaded, or a server restarted, still shows what ran, how far it got and why it failed.
/// </summary>
public sealed class Job
{
    public long Id { get; set; }
    /// <summary>The handler that runs it (<see cref="IJobHandler.Kind"/>), e.g. <c>import</c>.</summary>
    public string Kind { get; set; } = "";
    public long? ProjectId { get; set; }
    /// <summary>Who started it; null for the command line.</summary>
    public string? CreatedById { get; set; }
    public JobState State { get; set; }
    /// <summary>The uploaded file's name as the user gave it.</summary>
    public string? FileName { get; set; }
    public long? InputBytes { get; set; }
    /// <summary>Kind-specific settings (JSON), e.g. the click-log format.</summary>
    public string ParametersJson { get; set; } = "{}";
    /// <summary>What the job is doing now, in a few words (e.g. <c>importing</c>, <c>fitting click models</c>).</summary>
    public string? Stage { get; set; }
    public long ProgressDone { get; set; }
    public long ProgressTotal { get; set; }
    /// <summary>One sentence for people: the outcome, or why it failed.</summary>
    public string? Message { get; set; }
    /// <summary>Kind-specific outcome (JSON): the import batch and its errors, the ingest summary.</summary>
    public string? ResultJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>The process that runs (or will run) the job: see <see cref="JobOwner"/>.</summary>
    public string? Owner { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    public bool CancelRequested { get; set; }
    public string? CancelledById { get; set; }

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
