namespace LabelStudio.Data.Validation;

/// <summary>What a <see cref="StatisticsSnapshot"/> describes.</summary>
public static class StatisticsSubject
{
    /// <summary>One import batch (the subject id is the batch id).</summary>
    public const string ImportBatch = "import-batch";

    /// <summary>One dataset version (the subject id is the version id).</summary>
    public const string DatasetVersion = "dataset-version";
}
