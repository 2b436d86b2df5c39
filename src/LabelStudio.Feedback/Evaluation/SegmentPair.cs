namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// One pair for the per-segment report: the model's decision (1, 0, −1 abstained) and, when the pair is in the human
/// seed, whether it is relevant.
/// </summary>
public readonly record struct SegmentPair(string QueryId, int Decision, bool? SeedRelevant);
