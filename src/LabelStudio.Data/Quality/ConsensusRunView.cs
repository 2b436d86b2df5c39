namespace LabelStudio.Data.Quality;

/// <summary>One consensus run as listed: what it read and what it changed.</summary>
public sealed record ConsensusRunView(long Id, string Method, long? ModelVersion, int ConfigVersion, long MaxAnnotationId, long MaxGoldId,
    long MaxResolutionId, DateTime StartedAt, DateTime? FinishedAt, int TaskCount, int ChangedCount, IReadOnlyDictionary<string, int> States,
    string SettingsJson);
