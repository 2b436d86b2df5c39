namespace LabelStudio.Feedback.Graded;

/// <summary>How the per-grade probabilities were obtained and what the seed says about them (out of fold).</summary>
public sealed record GradedCalibration
{
    /// <summary><c>ordinal</c> (cumulative-logit model on the seed) or <c>none</c> (no graded model: see <see cref="Description"/>).</summary>
    public required string Mode { get; init; }

    /// <summary>The rule, or why there is no graded model.</summary>
    public required string Description { get; init; }

    /// <summary>A pair gets a graded label when its most probable grade's probability is at least this.</summary>
    public double Threshold { get; init; }

    /// <summary>Seed pairs with evidence the model was fitted on.</summary>
    public int SeedPairs { get; init; }

    /// <summary>Calibration of each grade's probability.</summary>
    public IReadOnlyList<GradeCalibration> Grades { get; init; } = [];

    /// <summary>Out-of-fold share of (ungated) seed pairs that would get a graded label.</summary>
    public double SeedCoverage { get; init; } = double.NaN;

    /// <summary>Out-of-fold accuracy of those graded labels.</summary>
    public double SeedAccuracy { get; init; } = double.NaN;

    /// <summary>Wilson 95 % interval of <see cref="SeedAccuracy"/>.</summary>
    public double SeedAccuracyLow { get; init; } = double.NaN;

    /// <summary>Wilson 95 % interval of <see cref="SeedAccuracy"/>.</summary>
    public double SeedAccuracyHigh { get; init; } = double.NaN;

    /// <summary>Out-of-fold Spearman correlation of the expected grade with the seed grade.</summary>
    public double SeedSpearman { get; init; } = double.NaN;

    /// <summary>Slopes on the standardised calibration features.</summary>
    public IReadOnlyList<double> Weights { get; init; } = [];

    /// <summary>Cut points between consecutive grades.</summary>
    public IReadOnlyList<double> Cuts { get; init; } = [];
}
