namespace LabelStudio.Data.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Where uploads are spooled and jobs keep scratch files; empty = a <c>work</c> folder beside the database.</summary>
    public string WorkDirectory { get; set; } = "";

    /// <summary>Jobs run at the same time by one server.</summary>
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>How long one chunk of a bulk write may hold the database's write lock (raters wait at most this long).</summary>
    public int ChunkMilliseconds { get; set; } = 10;

    /// <summary>
    /// However many rows a bulk chunk was given, it commits and lets waiting raters in once it has held the write lock
    /// this long (the longest a rater waits behind an import, click ingest or dataset chunk).
    /// </summary>
    public int MaxHoldMilliseconds { get; set; } = 25;

    /// <summary>
    /// While raters are active (a rater wrote within the last second), the share of one core a bulk job (import, click
    /// ingest, dataset build, clean-up, recompute) may use: after each chunk it rests (1 - share) / share times as long
    /// as the chunk took. 1 = never rest. With no rater active jobs run at full speed whatever this says.
    /// </summary>
    public double BackgroundCpuShare { get; set; } = 0.5;

    /// <summary>How often a running job's progress is saved.</summary>
    public int ProgressMilliseconds { get; set; } = 500;

    /// <summary>How often a server marks its jobs alive; a job on another machine silent for 4 beats is taken as dead.</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Finished jobs older than this are deleted at start-up (0 keeps them all).</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which a chunk that took the writer at <paramref name="acquired"/> commits.</summary>
    public long HoldDeadline(long acquired) => acquired + MaxHoldMilliseconds * System.Diagnostics.Stopwatch.Frequency / 1000;

    public TimeSpan StaleAfter => TimeSpan.FromSeconds(HeartbeatSeconds * 4);

    internal static IEnumerable<string> Validate(JobOptions o)
    {
        if (o.MaxConcurrency is < 1 or > 16) yield return "Jobs:MaxConcurrency must be 1 to 16.";
        if (o.ChunkMilliseconds is < 1 or > 5000) yield return "Jobs:ChunkMilliseconds must be 1 to 5000.";
        if (o.MaxHoldMilliseconds is < 1 or > 5000) yield return "Jobs:MaxHoldMilliseconds must be 1 to 5000.";
        if (o.BackgroundCpuShare is < 0.05 or > 1 || double.IsNaN(o.BackgroundCpuShare)) yield return "Jobs:BackgroundCpuShare must be 0.05 to 1.";
        if (o.ProgressMilliseconds is < 50 or > 60_000) yield return "Jobs:ProgressMilliseconds must be 50 to 60000.";
        if (o.HeartbeatSeconds is < 1 or > 3600) yield return "Jobs:HeartbeatSeconds must be 1 to 3600.";
        if (o.RetentionDays is < 0 or > 36_500) yield return "Jobs:RetentionDays must be 0 to 36500.";
    }
}
