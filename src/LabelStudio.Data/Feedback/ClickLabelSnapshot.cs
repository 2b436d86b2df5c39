namespace LabelStudio.Data.Feedback;

/// <summary>
/// A fixed view of a project's click labels, as a dataset version records it: the labels of one generation, the relevant
/// grade they were read with, and the human judgements (seed file, consensus outcomes, gold answers) no later than the
/// given ids. The same snapshot always exports the same bytes, whatever was ingested, recomputed or judged since.
/// </summary>
public sealed record ClickLabelSnapshot(long Generation, int RelevantMinGrade, long? SeedId, long OutcomeWatermark, long GoldWatermark);
