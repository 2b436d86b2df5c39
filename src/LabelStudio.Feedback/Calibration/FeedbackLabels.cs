namespace LabelStudio.Feedback.Calibration;

/// <summary>Per-pair probability, decision (1 relevant, 0 not, −1 abstain) and abstention reason, plus the calibration.</summary>
public sealed class FeedbackLabels
{
    internal double[] PRelArray = [];
    internal sbyte[] LabelArray = [];
    internal AbstainReason[] ReasonArray = [];

    /// <summary>How the probabilities and the threshold were obtained.</summary>
    public required CalibrationResult Calibration { get; init; }

    /// <summary>P(relevant) per pair.</summary>
    public IReadOnlyList<double> PRel => PRelArray;

    /// <summary>
    /// The P(relevant) to publish for a pair: NaN (empty) for a spam suspect, whose clicks say nothing about relevance,
    /// so that nobody thresholding it takes click fraud for relevance; otherwise <see cref="PRel"/>. It is also the
    /// pair's ranking score (the best estimate ranks better than any single click model).
    /// </summary>
    public double ReportedPRel(int pair) => ReasonArray.Length > pair && ReasonArray[pair] == AbstainReason.SpamSuspected
        ? double.NaN
        : PRelArray[pair];

    /// <summary>Decision per pair: 1, 0 or −1.</summary>
    public IReadOnlyList<sbyte> Labels => LabelArray;

    /// <summary>Abstention reason per pair (<see cref="AbstainReason.None"/> when labelled).</summary>
    public IReadOnlyList<AbstainReason> Reasons => ReasonArray;

    /// <summary>Pairs labelled relevant.</summary>
    public int Positives { get; internal set; }

    /// <summary>Pairs labelled not relevant.</summary>
    public int Negatives { get; internal set; }

    /// <summary>Pairs sent to humans.</summary>
    public int Abstained { get; internal set; }

    /// <summary>Share of pairs auto-labelled.</summary>
    public double Coverage => LabelArray.Length == 0 ? 0 : (double)(Positives + Negatives) / LabelArray.Length;

    /// <summary>Abstentions per reason.</summary>
    public IReadOnlyDictionary<AbstainReason, int> AbstainCounts { get; internal set; } = new Dictionary<AbstainReason, int>();
}
