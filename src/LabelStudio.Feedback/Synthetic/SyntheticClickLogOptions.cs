namespace LabelStudio.Feedback.Synthetic;

/// <summary>Shape of a synthetic click log. Defaults produce the 1,000,000-impression benchmark log.</summary>
public sealed class SyntheticClickLogOptions
{
    /// <summary>Unique impressions (duplicates come on top).</summary>
    public int Impressions { get; init; } = 1_000_000;

    /// <summary>Distinct queries (popularity is Zipf-distributed).</summary>
    public int Queries { get; init; } = 5_000;

    /// <summary>Candidate docs per query (each with a true grade 0–4).</summary>
    public int DocsPerQuery { get; init; } = 40;

    /// <summary>Results per impression.</summary>
    public int ResultsPerPage { get; init; } = 10;

    /// <summary>Ordinary users.</summary>
    public int Users { get; init; } = 50_000;

    /// <summary>Bot users (click nearly everything with sub-2-second dwell).</summary>
    public int BotUsers { get; init; } = 30;

    /// <summary>Share of impressions made by bots.</summary>
    public double BotImpressionShare { get; init; } = 0.02;

    /// <summary>Probability that a line is immediately repeated verbatim (same impression id).</summary>
    public double DuplicateRate { get; init; } = 0.01;

    /// <summary>Ranker versions; ranker r orders docs by grade plus Gaussian noise of sd <see cref="RankerNoise"/>[r].</summary>
    public IReadOnlyList<double> RankerNoise { get; init; } = [0.8, 1.6, 3.0];

    /// <summary>Probability of a personalisation swap of two adjacent results per impression.</summary>
    public double SwapRate { get; init; } = 0.3;

    /// <summary>Examination probability per rank; null = 1 / k^0.8.</summary>
    public IReadOnlyList<double>? Theta { get; init; }

    /// <summary>Median attractiveness per grade 0–4 (each doc is jittered around it).</summary>
    public IReadOnlyList<double> AttractivenessByGrade { get; init; } = [0.05, 0.15, 0.4, 0.65, 0.85];

    /// <summary>Prior probability of each grade 0–4.</summary>
    public IReadOnlyList<double> GradeWeights { get; init; } = [0.45, 0.25, 0.15, 0.10, 0.05];

    /// <summary>Share of grade-0 docs that are clickbait (attractive, short dwell).</summary>
    public double ClickbaitShare { get; init; } = 0.03;

    /// <summary>Probability that a click's dwell is null.</summary>
    public double NullDwellRate { get; init; } = 0.05;

    /// <summary>Probability that a click event is logged twice.</summary>
    public double RepeatClickRate { get; init; } = 0.03;

    /// <summary>(query, doc) pairs pushed by a single spamming user.</summary>
    public int SpamPairs { get; init; } = 20;

    /// <summary>Impressions per spam pair.</summary>
    public int SpamImpressionsPerPair { get; init; } = 30;

    /// <summary>Zipf exponent of query popularity.</summary>
    public double QueryZipf { get; init; } = 0.9;

    /// <summary>
    /// Share of impressions that interleave two rankers (team-draft); 0 = none. Such an impression names
    /// <c>"ranker": "interleaved"</c> and carries <c>"interleaving": {"a", "b", "origin"}</c>.
    /// </summary>
    public double InterleavingShare { get; init; }

    /// <summary>Random seed.</summary>
    public int Seed { get; init; } = 42;
}
