namespace LabelStudio.Feedback.Graded;

/// <summary>Per pair: P(grade = 0 … 4), the expected grade and the graded label (−1 = abstained on the grade).</summary>
public sealed class GradedLabels
{
    /// <summary>Grades 0 … 4.</summary>
    public const int Classes = 5;

    internal double[] ProbabilityArray = [];
    internal double[] ExpectedArray = [];
    internal sbyte[] GradeArray = [];

    /// <summary>How the probabilities were obtained.</summary>
    public GradedCalibration Calibration { get; internal set; } = null!;

    /// <summary>Pairs.</summary>
    public int PairCount => GradeArray.Length;

    /// <summary>Whether the pair has per-grade probabilities (no graded model, or a spam suspect: none).</summary>
    public bool HasProbabilities(int pair) => double.IsFinite(ProbabilityArray[pair * Classes]);

    /// <summary>P(grade = <paramref name="grade"/>) of a pair; NaN when it has none.</summary>
    public double Probability(int pair, int grade) => ProbabilityArray[pair * Classes + grade];

    /// <summary>Σ_k k · P(grade = k); NaN when the pair has no probabilities.</summary>
    public double ExpectedGrade(int pair) => ExpectedArray[pair];

    /// <summary>The graded label 0–4, or −1 when it abstains on the grade.</summary>
    public int Grade(int pair) => GradeArray[pair];

    /// <summary>Graded labels emitted per grade 0–4.</summary>
    public IReadOnlyList<int> GradeCounts { get; internal set; } = new int[Classes];

    /// <summary>Pairs that abstained on the grade.</summary>
    public int Abstained { get; internal set; }
}
