using System.Text.Json.Serialization;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Where an ingest stands. Only <see cref="Succeeded"/> ingests count for duplicate detection and give evidence;
/// a <see cref="RolledBack"/> ingest's evidence no longer counts (its file can be ingested again).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackIngestState>))]
public enum FeedbackIngestState { Running = 0, Succeeded = 1, Failed = 2, RolledBack = 3 }

/// <summary>
/// One label generation of a project: a click log read into it (<see cref="Kind"/> <c>ingest</c>, with its evidence) or a
/// recompute of all the evidence (<c>recompute</c>, after a seed or settings change or a rollback). The labels of the
/// latest Succeeded generation are the project's current labels. A row is written when the ingest starts (Running); its labels and tasks are
/// written in chunks, invisible, and the ingest becomes Succeeded in the one transaction that publishes them, or
/// Failed (its labels are then deleted in the background). A crash leaves a Running row that the next start marks
/// Failed; ingesting the file again is safe.
/// </summary>
public sealed class FeedbackIngest
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string FileName { get; set; } = "";
    /// <summary>SHA-256 of the uploaded bytes (lowercase hex); the same file ingested again changes nothing.</summary>
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    /// <summary><c>native</c> (JSON Lines impressions) or <c>yandex</c> (Relevance Prediction Challenge TSV).</summary>
    public string Format { get; set; } = "native";
    /// <summary><c>ingest</c> (a log and its evidence) or <c>recompute</c> (labels refit on the evidence of the ingests).</summary>
    public string Kind { get; set; } = FeedbackIngest.IngestKind;
    public const string IngestKind = "ingest";
    public const string RecomputeKind = "recompute";
    /// <summary>Ingests whose evidence the generation's labels were computed from (JSON array of ids).</summary>
    public string EvidenceIngestIdsJson { get; set; } = "[]";
    public DateTime? RolledBackAt { get; set; }
    public string? RolledBackById { get; set; }
    public string? ImportedById { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public FeedbackIngestState State { get; set; }
    /// <summary>Ingest counters (lines, malformed with line numbers, duplicates, collapsed clicks, bots, spam...), <see cref="FeedbackCounters"/>.</summary>
    public string CountersJson { get; set; } = "{}";
    /// <summary>Examination curve θ_k with impressions and clicks per rank, a list of <see cref="ThetaPoint"/>.</summary>
    public string ThetaJson { get; set; } = "[]";
    /// <summary>Calibration: mode, threshold, target precision, seed sizes and the risk–coverage curve, <see cref="FeedbackCalibration"/>.</summary>
    public string CalibrationJson { get; set; } = "{}";
    /// <summary>Decisions, reasons, tasks created, <see cref="FeedbackOutcome"/>.</summary>
    public string OutcomeJson { get; set; } = "{}";
    /// <summary>Stage timings in milliseconds.</summary>
    public string TimingsJson { get; set; } = "{}";
    /// <summary>Graded model: per-grade calibration on the seed and the grade distribution, <see cref="FeedbackGraded"/>.</summary>
    public string GradedJson { get; set; } = "{}";
    /// <summary>This log's click-through and θ by rank against the evidence before it, <see cref="FeedbackDrift"/> (ingests only).</summary>
    public string DriftJson { get; set; } = "{}";
    public string? Failure { get; set; }
    /// <summary>The job that ran the ingest; a Running ingest whose job died is marked Failed at start-up.</summary>
    public long? JobId { get; set; }
}

/// <summary>
/// A click-feedback label of one (query, doc) pair, source "click feedback". Append-only: the latest row (highest
/// <see cref="Id"/>) per (project, query, doc) is the pair's current label.
/// </summary>
public sealed class FeedbackLabel
{
    public long Id { get; set; }
    /// <summary>A copy of the ingest's project (indexed, no FK: the ingest cascade removes the row).</summary>
    public long ProjectId { get; set; }
    public long IngestId { get; set; }
    public string QueryId { get; set; } = "";
    public string DocId { get; set; } = "";
    /// <summary>The task of this pair in the human queue, if there is one (plain column: tasks may be deleted independently).</summary>
    public long? TaskId { get; set; }
    /// <summary>Which score and calibrator produced the decision, e.g. <c>combined+logistic</c> or <c>pbm-posterior</c>.</summary>
    public string Model { get; set; } = "";
    public double Score { get; set; }
    /// <summary>P(relevant); null for a spam suspect, whose clicks say nothing about relevance.</summary>
    public double? PRelevant { get; set; }
    /// <summary>1 relevant, 0 not relevant, −1 abstained (sent to raters).</summary>
    public int Decision { get; set; }
    /// <summary>Why the pair abstained (<c>too_few_impressions</c>, <c>only_low_ranks</c>, <c>clicks_dwell_disagree</c>,
    /// <c>spam_suspected</c>, <c>uncertain_score</c>); null when labelled.</summary>
    public string? ReasonCode { get; set; }
    /// <summary>Counts, per-rank θ and model scores.</summary>
    public string EvidenceJson { get; set; } = "{}";
    /// <summary>Graded label 0–4; null when the pair abstains on the grade.</summary>
    public int? Grade { get; set; }
    /// <summary>P(grade = 0 … 4); null without a graded model or for a spam suspect.</summary>
    public double? PGrade0 { get; set; }
    public double? PGrade1 { get; set; }
    public double? PGrade2 { get; set; }
    public double? PGrade3 { get; set; }
    public double? PGrade4 { get; set; }
    /// <summary>Σ k · P(grade = k); null when the pair has no grade probabilities.</summary>
    public double? ExpectedGrade { get; set; }
    /// <summary>Threshold, target precision, seed size and source.</summary>
    public string CalibrationJson { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
}

/// <summary>Per-project click-feedback settings (one row per project; defaults when there is none).</summary>
public sealed class FeedbackSettings
{
    public long ProjectId { get; set; }
    /// <summary>Precision the auto-labels must reach on the human seed.</summary>
    public double TargetPrecision { get; set; } = 0.95;
    /// <summary>A seed grade (0–4) at or above this is relevant.</summary>
    public int RelevantMinGrade { get; set; } = 2;
    /// <summary>At most this many new human tasks per ingest, highest expected value first (0 = none).</summary>
    public int MaxNewTasks { get; set; } = 1000;
    /// <summary>Only ingests of the last this many days give evidence (0 = all of them).</summary>
    public int EvidenceWindowDays { get; set; }
    /// <summary>Evidence counts with weight 2^(−age / half-life) at each recompute (0 = no decay).</summary>
    public double EvidenceHalfLifeDays { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An uploaded human seed (TSV <c>query_id, doc_id, grade</c>). The latest one of a project is used by ingests.</summary>
public sealed class FeedbackSeed
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public int RowCount { get; set; }
    public int MalformedRows { get; set; }
    public int RelevantRows { get; set; }
    /// <summary>The normalised seed TSV (header plus valid rows).</summary>
    public string ContentTsv { get; set; } = "";
    public string? UploadedById { get; set; }
    public DateTime UploadedAt { get; set; }
}
