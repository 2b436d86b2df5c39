namespace LabelStudio.Feedback.Calibration;

/// <summary>A human judgement of one (query, doc) pair, graded 0–4 (binary labels: pass 0/1 and set the relevant grade to 1).</summary>
public sealed record SeedLabel(string QueryId, string DocId, int Grade);
