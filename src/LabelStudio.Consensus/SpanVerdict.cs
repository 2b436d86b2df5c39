namespace LabelStudio.Consensus;

/// <summary>One distinct span some rater marked: how many raters marked it exactly, its status, and whether the
/// consensus keeps it.</summary>
public sealed record SpanVerdict(LabeledSpan Span, int Votes, SpanStatus Status, bool InConsensus);
