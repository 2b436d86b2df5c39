using LabelStudio.Core.DataValidation;

namespace LabelStudio.Data.Validation;

/// <summary>An import batch that has statistics, as the drift picker and the history list it.</summary>
public sealed record BatchStatisticsSummary(long BatchId, string FileName, DateTime ImportedAt, long Tasks, int Warnings);

/// <summary>One import batch's statistics and the warnings validation found when it was imported.</summary>
public sealed record BatchStatisticsView(long BatchId, string FileName, DateTime ImportedAt, DataStatistics Statistics,
    IReadOnlyList<Anomaly> Warnings);

/// <summary>Drift between two import batches of a project.</summary>
public sealed record BatchDriftView(BatchStatisticsSummary Baseline, BatchStatisticsSummary Current, DriftReport Report);

/// <summary>A rater's label distribution against the pool, with the rater's display name.</summary>
public sealed record RaterSkewView(string RaterId, string RaterName, string Control, long Labels, FieldDrift Drift);

/// <summary>A project's drift thresholds.</summary>
public sealed record ValidationSettingsView(double LInfinityThreshold, double JensenShannonThreshold);

/// <summary>Training–serving skew of a file of production records against a project or one of its import batches.</summary>
public sealed record ServingValidationView(string Against, string FileName, ServingSkewReport Report);
