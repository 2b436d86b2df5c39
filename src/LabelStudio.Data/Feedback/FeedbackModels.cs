using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelStudio.Data.Feedback;

/// <summary>Ingest counters, as stored in <see cref="FeedbackIngest.CountersJson"/>.</summary>
public sealed record FeedbackCounters
{
    public long Lines { get; init; }
    public long ImpressionsRead { get; init; }
    public long ImpressionsKept { get; init; }
    public long DuplicateImpressions { get; init; }
    public long MalformedLines { get; init; }
    public IReadOnlyList<MalformedLineView> MalformedExamples { get; init; } = [];
    public long ClickEvents { get; init; }
    public long CollapsedClicks { get; init; }
    public long OrphanClicks { get; init; }
    public long NullDwellClicks { get; init; }
    public int Users { get; init; }
    public int BotUsers { get; init; }
    public long BotImpressionsDropped { get; init; }
    public int SpamPairs { get; init; }
    public int Queries { get; init; }
    public int Docs { get; init; }
    public int Pairs { get; init; }
    public IReadOnlyDictionary<string, long> Rankers { get; init; } = new Dictionary<string, long>();
}

public sealed record MalformedLineView(long Line, string Reason);

/// <summary>Examination probability at a rank (θ_1 = 1), with the traffic seen there.</summary>
public sealed record ThetaPoint(int Rank, double Theta, long Impressions, long Clicks);

public sealed record CoveragePoint(double Coverage, double Precision, double Threshold);

/// <summary>How decisions were calibrated, as stored in <see cref="FeedbackIngest.CalibrationJson"/>.</summary>
public sealed record FeedbackCalibration
{
    /// <summary><c>seed</c> (logistic calibration on human labels) or <c>unsupervised</c> (PBM posterior rule).</summary>
    public string Mode { get; init; } = "";
    public string Description { get; init; } = "";
    public double TargetPrecision { get; init; }
    public bool TargetReached { get; init; }
    public double Threshold { get; init; }
    public int RelevantMinGrade { get; init; }
    /// <summary>Human-readable seed source, e.g. "seed file seed.tsv (300 pairs) + project consensus (40 pairs)".</summary>
    public string SeedSource { get; init; } = "";
    public int FileSeedPairs { get; init; }
    public int HumanSeedPairs { get; init; }
    public int SeedPairs { get; init; }
    public int SeedPairsWithEvidence { get; init; }
    public int SeedPositives { get; init; }
    public int SeedMalformedRows { get; init; }
    public double? SeedPrecision { get; init; }
    public double? SeedCoverage { get; init; }
    public double? SeedAuc { get; init; }
    /// <summary>Share of all pairs auto-labelled.</summary>
    public double Coverage { get; init; }
    /// <summary>Risk–coverage curve on the seed (out-of-fold), by decreasing threshold.</summary>
    public IReadOnlyList<CoveragePoint> Curve { get; init; } = [];
}

/// <summary>What an ingest decided and queued, as stored in <see cref="FeedbackIngest.OutcomeJson"/>.</summary>
public sealed record FeedbackOutcome
{
    public int Pairs { get; init; }
    public int Relevant { get; init; }
    public int NotRelevant { get; init; }
    public int Abstained { get; init; }
    public IReadOnlyDictionary<string, int> AbstainReasons { get; init; } = new Dictionary<string, int>();
    public int LabelsWritten { get; init; }
    /// <summary>Pairs skipped because a query or doc id is longer than <see cref="FeedbackService.MaxIdLength"/>.</summary>
    public int PairsWithLongIds { get; init; }
    public int TasksCreated { get; init; }
    /// <summary>Abstained pairs that already had a task (never duplicated).</summary>
    public int TasksAlreadyQueued { get; init; }
    /// <summary>Abstained pairs left out by the per-ingest task cap.</summary>
    public int TasksOverCap { get; init; }
    /// <summary>Abstained pairs not queued because the seed judges them already.</summary>
    public int SeedPairsNotQueued { get; init; }
    /// <summary>Tasks withdrawn after this generation: their pair became decided or is in the seed, and nobody held them.</summary>
    public int TasksWithdrawn { get; init; }
    /// <summary>Withdrawn tasks whose pair became uncertain again and went back to the queue (the same task, no duplicate).</summary>
    public int TasksRequeued { get; init; }
    /// <summary>Abstained pairs not queued because the catalog has no text for their query or document.</summary>
    public int PairsWithoutText { get; init; }
    /// <summary>Ingests whose evidence the labels were computed from.</summary>
    public int EvidenceIngests { get; init; }
    /// <summary>Why no tasks were created, when none could be (e.g. the configuration reads fields the log cannot provide).</summary>
    public string? TaskNote { get; init; }
}

public sealed record FeedbackIngestView(long Id, long ProjectId, string FileName, string Sha256, long SizeBytes, string Format,
    string? ImportedById, DateTime StartedAt, DateTime? FinishedAt, FeedbackIngestState State, FeedbackCounters Counters,
    IReadOnlyList<ThetaPoint> Theta, FeedbackCalibration Calibration, FeedbackOutcome Outcome,
    IReadOnlyDictionary<string, double> TimingsMs, string? Failure, string Kind = FeedbackIngest.IngestKind,
    IReadOnlyList<long>? EvidenceIngestIds = null, DateTime? RolledBackAt = null, FeedbackGraded? Graded = null,
    FeedbackDrift? Drift = null);

/// <summary>The answer to an ingest: the ingest, or the earlier identical one when <see cref="Duplicate"/>.</summary>
public sealed record FeedbackIngestResult(bool Duplicate, string Message, FeedbackIngestView Ingest);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FeedbackSettingsView([property: JsonRequired] double TargetPrecision, [property: JsonRequired] int RelevantMinGrade,
    [property: JsonRequired] int MaxNewTasks, int EvidenceWindowDays = 0, double EvidenceHalfLifeDays = 0);

public sealed record FeedbackSeedView(long Id, string FileName, string Sha256, int RowCount, int RelevantRows, int MalformedRows,
    DateTime UploadedAt);

public sealed record FeedbackIngestBrief(long Id, string FileName, FeedbackIngestState State, DateTime StartedAt,
    DateTime? FinishedAt, long SizeBytes, int Pairs, int Relevant, int NotRelevant, int Abstained, int TasksCreated,
    string? Failure, string Kind = FeedbackIngest.IngestKind, int TasksWithdrawn = 0, int EvidenceIngests = 0,
    DateTime? RolledBackAt = null, bool Current = false);

/// <summary>Current labels (the latest per pair) by decision and abstention reason.</summary>
public sealed record FeedbackLabelCounts(int Total, int Relevant, int NotRelevant, int Abstained,
    IReadOnlyDictionary<string, int> Reasons);

/// <summary>Click-feedback decisions against human consensus on the pairs that have both: click feedback as one more rater.</summary>
public sealed record FeedbackReliability(int HumanPairs, int ComparedPairs, int AbstainedOnHumanPairs, int TruePositives,
    int FalsePositives, int TrueNegatives, int FalseNegatives, double? Accuracy, double? Precision, double? Recall,
    double? Kappa);

/// <summary>Whether abstained pairs can become tasks under the project's labeling configuration.</summary>
public sealed record FeedbackTaskFit(bool CanCreateTasks, IReadOnlyList<string> ConfigFields, string Message);

public sealed record FeedbackOverview(long ProjectId, string ProjectName, int Overlap, FeedbackSettingsView Settings,
    FeedbackSeedView? Seed, FeedbackIngestView? Latest, IReadOnlyList<FeedbackIngestBrief> History,
    FeedbackLabelCounts Labels, FeedbackReliability Reliability, FeedbackTaskFit TaskFit, int OpenClickTasks = 0,
    IReadOnlyList<long>? EvidenceIngestIds = null, FeedbackCatalogService.CatalogSummary? Catalog = null);

public sealed record RankEvidenceView(int Rank, int Impressions, int Clicks, int SatClicks, double Theta);

/// <summary>Everything behind one label, as stored in <see cref="FeedbackLabel.EvidenceJson"/>.</summary>
public sealed record FeedbackEvidence
{
    public int Impressions { get; init; }
    public int Clicks { get; init; }
    public int SatClicks { get; init; }
    public int BestRank { get; init; }
    public int DistinctClickers { get; init; }
    public double TopClickerShare { get; init; }
    public double EffectiveImpressions { get; init; }
    public double Ctr { get; init; }
    public double SatCtr { get; init; }
    public double PbmAlpha { get; init; }
    public double PbmAlphaSd { get; init; }
    public double SdbnAttractiveness { get; init; }
    public double SdbnSatisfaction { get; init; }
    public double Sdbn { get; init; }
    public bool SpamSuspected { get; init; }
    public IReadOnlyList<RankEvidenceView> Ranks { get; init; } = [];
}

/// <param name="Grade">The model's graded label 0-4 (null when it abstains on the grade or the generation is not graded).</param>
/// <param name="ExpectedGrade">The model's expected grade, Σ g·P(grade g) (null when the generation is not graded).</param>
public sealed record FeedbackLabelView(long Id, long IngestId, string QueryId, string DocId, long? TaskId, string Model,
    double Score, double? PRelevant, int Decision, string? ReasonCode, FeedbackEvidence Evidence, JsonElement Calibration,
    DateTime CreatedAt, int? Grade = null, double? ExpectedGrade = null);

/// <param name="Graded">Whether the page's labels carry grades (the table then shows grade and expected grade).</param>
public sealed record FeedbackLabelPage(int Total, int Page, int PageSize, IReadOnlyList<FeedbackLabelView> Items, bool Graded = false);

/// <summary>Progress of a running ingest: the stage, bytes parsed and rows written.</summary>
public sealed record FeedbackProgress(string Stage, long BytesRead, long TotalBytes, int Pairs = 0, int Written = 0);

internal static class FeedbackJson
{
    /// <summary>Stored JSON columns use snake_case, like the CLI's summary and evidence files.</summary>
    public static readonly JsonSerializerOptions Stored = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Stored);

    public static T Read<T>(string? json) where T : new() =>
        string.IsNullOrWhiteSpace(json) ? new T() : JsonSerializer.Deserialize<T>(json, Stored) ?? new T();
}
