namespace LabelStudio.Feedback.Ingest;

/// <summary>Counts of a pair at one 1-based rank.</summary>
public readonly record struct StoredCell(int Rank, int Impressions, int Clicks, int SatClicks);
