namespace LabelStudio.Feedback.Batch;

/// <summary>Wall-clock time of one pipeline stage.</summary>
public sealed record StageTiming(string Stage, TimeSpan Elapsed);
