using System.Text.Json.Serialization;
using LabelStudio.Quality;
using LabelStudio.Data.Review;

namespace LabelStudio.Data.Datasets;

/// <summary>Which tasks a version takes. Every part is optional; an empty filter takes every task with a final label
/// (scope Final) or every task with an annotation (scope All).</summary>
/// <param name="BatchIds">Import batches.</param>
/// <param name="From">Tasks created at or after (UTC).</param>
/// <param name="To">Tasks created before (UTC).</param>
/// <param name="Labels">Final label values: a task is taken when one of its controls has one of them.</param>
/// <param name="Origins">Final label origins (resolution, gold, consensus, none).</param>
/// <param name="States">Task states (open, agreed, conflict, resolved, invalid).</param>
/// <param name="Raters">User ids: a task is taken when one of them rated it.</param>
/// <param name="IncludeUnlabeled">Scope Final: also take tasks without a final label (their labels are empty).</param>
public sealed record DatasetFilter(
    IReadOnlyList<long>? BatchIds = null, DateTime? From = null, DateTime? To = null, IReadOnlyList<string>? Labels = null,
    IReadOnlyList<FinalLabelOrigin>? Origins = null, IReadOnlyList<TaskOutcomeState>? States = null,
    IReadOnlyList<string>? Raters = null, bool IncludeUnlabeled = false);

/// <summary>A deterministic train / validation / test split: fractions summing to 1 and a seed.</summary>
public sealed record DatasetSplit(double Train, double Validation, double Test, int Seed);

/// <summary>What a user asks for when creating a version.</summary>
public sealed record DatasetRequest(string? Name, string? Description, DatasetScope Scope = DatasetScope.Final,
    DatasetFilter? Filter = null, DatasetSplit? Split = null, IReadOnlyList<string>? Formats = null);

/// <summary>One frozen final label of a control: <see cref="FinalLabel"/> as stored with a version.</summary>
public sealed record FrozenLabel(
    [property: JsonPropertyName("control")] string Control,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("agreement")] double? Agreement,
    [property: JsonPropertyName("posterior")] double? Posterior,
    [property: JsonPropertyName("n_ratings")] int Ratings,
    [property: JsonPropertyName("annotation_ids")] IReadOnlyList<long> AnnotationIds,
    [property: JsonPropertyName("resolution_id")] long? ResolutionId,
    [property: JsonPropertyName("gold_id")] long? GoldId,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("result")] IReadOnlyList<Core.Results.ResultItem> Result);

/// <summary>A version as lists show it.</summary>
public sealed record DatasetVersionView(long Id, long ProjectId, string ProjectName, int Number, string Name, string Description,
    string CreatedBy, DateTime CreatedAt, long? ParentId, int? ParentNumber, DatasetScope Scope, DatasetFilter Filter,
    DatasetSplit? Split, int ConfigVersion, string LabelSchema, DatasetState State, long? JobId, string? Failure, int TaskCount,
    int RowCount, string ContentSha256, IReadOnlyList<DatasetFileView> Files, IReadOnlyList<string> Formats, long? ConsensusRunId = null);

public sealed record DatasetFileView(string Format, string Sha256, long SizeBytes, int RowCount, DateTime CreatedAt);

/// <summary>The answer to a create request: the version (Building) and the job that builds it.</summary>
public sealed record DatasetCreated(DatasetVersionView Version, long JobId);

/// <summary>Counts of one value (a label, an origin, a split).</summary>
public sealed record ValueCount(string Value, int Count);

/// <summary>One control's label distribution in a version.</summary>
public sealed record ControlDistribution(string Control, string Type, IReadOnlyList<ValueCount> Labels);

/// <summary>A version's statistics, computed while its items are written.</summary>
public sealed record DatasetStats(int Tasks, int Rows, IReadOnlyList<ControlDistribution> Controls, IReadOnlyList<ValueCount> Origins,
    IReadOnlyList<ValueCount> States, IReadOnlyList<ValueCount> Splits, double? MeanAgreement, IReadOnlyList<int> AgreementHistogram,
    IReadOnlyList<ValueCount> Ratings);

/// <summary>A task whose final label differs between two versions.</summary>
public sealed record LabelChange(long TaskId, string? ExternalKey, string Before, string After, string OriginBefore, string OriginAfter);

/// <summary>Two versions compared: tasks added and removed, labels changed (the first <c>limit</c> of each listed).</summary>
public sealed record DatasetDiff(DatasetVersionView From, DatasetVersionView To, int Added, int Removed, int Changed, int Unchanged,
    IReadOnlyList<long> AddedTaskIds, IReadOnlyList<long> RemovedTaskIds, IReadOnlyList<LabelChange> Changes,
    IReadOnlyList<LabelShift> Shifts, Core.DataValidation.DriftReport? Drift);

/// <summary>How one label's share of the tasks moved between two versions (the largest per control is the L-infinity
/// distance); <see cref="Noise"/> is the 95 % sampling band of the difference.</summary>
public sealed record LabelShift(string Control, string Label, double Before, double After, double Noise)
{
    public double Delta => After - Before;

    /// <summary>A move beyond sampling noise and of at least 5 points.</summary>
    public bool Drift => Math.Abs(Delta) > Noise && Math.Abs(Delta) >= 0.05;
}

/// <summary>The choices of the create dialog.</summary>
public sealed record DatasetFilterOptions(IReadOnlyList<DatasetBatchOption> Batches, IReadOnlyList<RaterOption> Raters, IReadOnlyList<string> Labels,
    IReadOnlyList<string> Formats);

public sealed record DatasetBatchOption(long Id, string FileName, int Tasks);

public sealed record RaterOption(string Id, string Name);
