using LabelStudio.Feedback.Graded;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// A generation's graded model: how P(grade = 0 … 4) was obtained, its calibration per grade on the seed (out of fold),
/// and the grade distribution (graded labels emitted, and the most probable grade of every pair with probabilities).
/// </summary>
public sealed record FeedbackGraded
{
    /// <summary><c>ordinal</c>, or <c>none</c> (no graded model; see <see cref="Description"/>); empty before graded labels existed.</summary>
    public string Mode { get; init; } = "";
    public string Description { get; init; } = "";
    public double Threshold { get; init; }
    public int SeedPairs { get; init; }
    public double? SeedCoverage { get; init; }
    public double? SeedAccuracy { get; init; }
    public double? SeedAccuracyLow { get; init; }
    public double? SeedAccuracyHigh { get; init; }
    public double? SeedSpearman { get; init; }
    public IReadOnlyList<GradeCalibrationView> Grades { get; init; } = [];
    /// <summary>Graded labels emitted per grade 0–4.</summary>
    public IReadOnlyList<int> Labelled { get; init; } = [];
    /// <summary>Pairs whose most probable grade is 0–4 (labelled or not).</summary>
    public IReadOnlyList<int> MostLikely { get; init; } = [];
    public int Abstained { get; init; }

    public static FeedbackGraded From(GradedLabels graded)
    {
        ArgumentNullException.ThrowIfNull(graded);
        var c = graded.Calibration;
        var mostLikely = new int[GradedLabels.Classes];
        for (var p = 0; p < graded.PairCount; p++)
        {
            if (!graded.HasProbabilities(p)) continue;
            var best = 0;
            for (var k = 1; k < GradedLabels.Classes; k++)
            {
                if (graded.Probability(p, k) > graded.Probability(p, best)) best = k;
            }
            mostLikely[best]++;
        }
        return new FeedbackGraded
        {
            Mode = c.Mode, Description = c.Description, Threshold = c.Threshold, SeedPairs = c.SeedPairs,
            SeedCoverage = R(c.SeedCoverage), SeedAccuracy = R(c.SeedAccuracy), SeedAccuracyLow = R(c.SeedAccuracyLow),
            SeedAccuracyHigh = R(c.SeedAccuracyHigh), SeedSpearman = R(c.SeedSpearman),
            Grades = c.Grades.Select(g => new GradeCalibrationView(g.Grade, g.SeedPairs, R(g.MeanPredicted), R(g.Ece),
                g.Bins.Select(b => new ReliabilityBinView(b.Lower, b.Upper, b.Count, Math.Round(b.MeanPredicted, 4), Math.Round(b.Observed, 4))).ToList()))
                .ToList(),
            Labelled = graded.GradeCounts.ToArray(), MostLikely = mostLikely, Abstained = graded.Abstained,
        };
    }

    private static double? R(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;
}

/// <summary>One grade's calibration on the seed: its pairs, mean predicted probability, ECE and reliability bins.</summary>
public sealed record GradeCalibrationView(int Grade, int SeedPairs, double? MeanPredicted, double? Ece, IReadOnlyList<ReliabilityBinView> Bins);

/// <summary>A reliability bin: predicted probabilities in [Lower, Upper), their mean and the observed share of the grade.</summary>
public sealed record ReliabilityBinView(double Lower, double Upper, int Count, double MeanPredicted, double Observed);
