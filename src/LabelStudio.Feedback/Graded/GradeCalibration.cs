namespace LabelStudio.Feedback.Graded;

/// <summary>Calibration of one grade's probability on the seed (out of fold): its reliability diagram and ECE.</summary>
/// <param name="Grade">0–4.</param>
/// <param name="SeedPairs">Seed pairs with this grade.</param>
/// <param name="MeanPredicted">Mean predicted P(grade) over all seed pairs (compare with the grade's seed share).</param>
/// <param name="Ece">Expected calibration error: Σ_b (n_b / N) |mean p_b − share of the grade in bin b|.</param>
/// <param name="Bins">Non-empty bins of 0.1.</param>
public sealed record GradeCalibration(int Grade, int SeedPairs, double MeanPredicted, double Ece, IReadOnlyList<ReliabilityBin> Bins);
