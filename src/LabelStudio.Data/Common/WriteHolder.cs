namespace LabelStudio.Data.Common;

/// <summary>Who holds (or waits for) the <see cref="WriteLock"/>: what a waiting rater's time is spent behind.</summary>
public enum WriteHolder
{
    /// <summary>A rater's or a lead's own write (next, submit, scoring, a resolution).</summary>
    Interactive,
    /// <summary>A chunk of a task import.</summary>
    Import,
    /// <summary>A chunk of a click-log ingest (evidence and feedback labels).</summary>
    ClickIngest,
    /// <summary>A chunk of a dataset version being built or abandoned.</summary>
    Dataset,
    /// <summary>A running job's progress and heartbeat.</summary>
    JobProgress,
    /// <summary>A chunk of the project quality recompute.</summary>
    Recompute,
    /// <summary>Deleting the rows of discarded batches.</summary>
    Cleanup,
    /// <summary>Feedback queue and catalog upkeep.</summary>
    Feedback,
}
