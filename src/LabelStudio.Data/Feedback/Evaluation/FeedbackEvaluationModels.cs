namespace LabelStudio.Data.Feedback.Evaluation;

/// <summary>A metric's value and 95 % interval; null where there is no data (or too little for an interval).</summary>
public sealed record MetricView(double? Value, double? Low, double? High, int Queries);

/// <summary>What a metric means and which way is better.</summary>
public sealed record MetricInfoView(string Key, string Name, bool HigherIsBetter, string Definition);

/// <summary>One ranker's traffic and metrics, keyed by metric key.</summary>
public sealed record RankerView(string Ranker, long Impressions, int Queries, IReadOnlyDictionary<string, MetricView> Metrics);

/// <summary>B − A of one metric with its interval, the verdict (<c>b_better</c>, <c>a_better</c>, <c>no_difference</c>) and a sentence.</summary>
public sealed record DifferenceView(string Metric, double? A, double? B, double? Difference, double? Low, double? High, string Verdict,
    string Statement);

public sealed record ComparisonView(string RankerA, string RankerB, int SharedQueries, IReadOnlyList<DifferenceView> Metrics);

public sealed record InterleavingView(string RankerA, string RankerB, long WinsA, long WinsB, long Ties, long NoClicks, double PValue,
    double PreferenceB, string? Winner);

/// <summary>The per-ranker evaluation of a project's accumulated click evidence.</summary>
/// <param name="Cached">True when the evaluation was reused: nothing it reads changed since it was computed.</param>
public sealed record FeedbackRankerReport(long ProjectId, int EvidenceIngests, int JudgedPairs, string Method,
    IReadOnlyList<MetricInfoView> Metrics, IReadOnlyList<RankerView> Rankers, ComparisonView? Comparison,
    IReadOnlyList<InterleavingView> Interleaving, bool Cached = false);

/// <summary>What the precision promise reached in one query segment (see <c>SegmentReport</c> in the engine).</summary>
public sealed record SegmentView(string Segment, int Queries, long ShownResults, int Pairs, int Decided, double Coverage, int SeedPairs,
    int SeedDecided, int SeedCorrect, double? Precision, double? Low, double? High, string Verdict);

/// <summary>Precision and coverage of the auto-labels per query segment (head, torso, tail).</summary>
/// <param name="Cached">True when the report was reused: nothing it reads changed since it was computed.</param>
public sealed record FeedbackSegmentReport(long ProjectId, double TargetPrecision, string Cut, string Method, IReadOnlyList<SegmentView> Segments,
    bool Cached = false);
