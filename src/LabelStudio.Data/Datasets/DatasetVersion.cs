namespace LabelStudio.Data.Datasets;

/// <summary>
/// A frozen dataset of a project: what was asked for (scope, filters, split), what it was made from (configuration
/// version, the highest annotation, gold, resolution and prediction ids read, the consensus settings and model) and
/// what came out (its items, statistics and files). Never changed once <see cref="DatasetState.Ready"/>: labeling
/// after it only shows up in the next version.
/// </summary>
public sealed class DatasetVersion
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    /// <summary>1, 2, 3 ... per project.</summary>
    public int Number { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The project's previous version, if any.</summary>
    public long? ParentId { get; set; }
    public DatasetScope Scope { get; set; }
    /// <summary>The filters, as <see cref="DatasetFilter"/> JSON.</summary>
    public string FilterJson { get; set; } = "{}";
    /// <summary>The train / validation / test split, as <see cref="DatasetSplit"/> JSON, or null for none.</summary>
    public string? SplitJson { get; set; }
    public int ConfigVersion { get; set; }
    /// <summary>The controls and their labels, e.g. <c>sentiment (choices): Positive, Negative</c>, for the catalog's search.</summary>
    public string LabelSchema { get; set; } = "";
    public string ConfigSha256 { get; set; } = "";
    /// <summary>The project's highest task id when the version was made: later imports are not in it, nor in its rebuild.</summary>
    public long TaskWatermark { get; set; }
    public long AnnotationWatermark { get; set; }
    public long GoldWatermark { get; set; }
    public long ResolutionWatermark { get; set; }
    public long PredictionWatermark { get; set; }
    /// <summary>The consensus run the final labels come from: conflict settings and truth-inference model.</summary>
    public string ConsensusJson { get; set; } = "{}";
    /// <summary>The highest outcome revision read: the outcomes are the history as of it (see <see cref="DatasetInputReader"/>).</summary>
    public long OutcomeWatermark { get; set; }
    /// <summary>The project's latest consensus run when the version was made (the run its outcomes come from), if any.</summary>
    public long? ConsensusRunId { get; set; }
    /// <summary>The quality snapshot whose Dawid–Skene model scored the tasks, if any.</summary>
    public long? ModelVersion { get; set; }
    public DatasetState State { get; set; }
    public long? JobId { get; set; }
    public string? Failure { get; set; }
    public int TaskCount { get; set; }
    /// <summary>Rows of the files: tasks (final labels) or annotations (every annotation).</summary>
    public int RowCount { get; set; }
    /// <summary>The union of the tasks' data fields, sorted (the columns of the CSV, TSV and Parquet files).</summary>
    public string DataFieldsJson { get; set; } = "[]";
    /// <summary>Label distribution, origins, states, splits and agreement, as <see cref="DatasetStats"/> JSON.</summary>
    public string StatsJson { get; set; } = "{}";
    /// <summary>The validation engine's statistics of the data fields and final labels (<c>StatisticsJson</c>), for drift.</summary>
    public string DataStatisticsJson { get; set; } = "{}";
    /// <summary>Import batches, configuration versions, raters, resolutions and click-log ingests behind the items.</summary>
    public string LineageJson { get; set; } = "{}";
    /// <summary>SHA-256 over the items in task order: two versions with the same hash hold the same labels.</summary>
    public string ContentSha256 { get; set; } = "";
    public DateTime? FinishedAt { get; set; }
}
