namespace LabelStudio.Feedback.Graded;

/// <summary>
/// One isotonic regression per grade (pool-adjacent-violators on the out-of-fold P(grade = k) against "the seed grade is
/// k"), each pooled block shrunk towards the grade's seed share by <see cref="PriorPairs"/> pseudo-pairs so that a small
/// block at the end of the scale (three grade-4 pairs in a row) cannot claim certainty; then the five are normalised.
/// Isotonic rather than Platt: the overconfidence sits at the ends of the scale only, and a monotone step function
/// corrects it there without bending the middle.
/// </summary>
internal sealed class GradeRecalibration
{
    private const double PriorPairs = 5;
    private readonly double[]?[] _uppers;
    private readonly double[]?[] _values;

    private GradeRecalibration(double[]?[] uppers, double[]?[] values)
    {
        _uppers = uppers;
        _values = values;
    }

    /// <param name="probabilities">Row-major, <see cref="GradedLabels.Classes"/> per row.</param>
    public static GradeRecalibration Fit(double[] probabilities, int[] grades)
    {
        int n = grades.Length;
        var uppers = new double[]?[GradedLabels.Classes];
        var values = new double[]?[GradedLabels.Classes];
        for (int k = 0; k < GradedLabels.Classes; k++)
        {
            int positives = grades.Count(g => g == k);
            // A grade the seed lacks (or has everywhere) keeps the model's own probability.
            if (positives == 0 || positives == n) continue;
            double share = (double)positives / n;
            var order = Enumerable.Range(0, n).OrderBy(i => probabilities[i * GradedLabels.Classes + k]).ToArray();
            var blockHits = new List<double>();
            var blockCount = new List<double>();
            var blockUpper = new List<double>();
            foreach (var i in order)
            {
                blockHits.Add(grades[i] == k ? 1 : 0);
                blockCount.Add(1);
                blockUpper.Add(probabilities[i * GradedLabels.Classes + k]);
                while (blockHits.Count > 1 && blockHits[^2] / blockCount[^2] >= blockHits[^1] / blockCount[^1])
                {
                    blockHits[^2] += blockHits[^1];
                    blockCount[^2] += blockCount[^1];
                    blockUpper[^2] = blockUpper[^1];
                    blockHits.RemoveAt(blockHits.Count - 1);
                    blockCount.RemoveAt(blockCount.Count - 1);
                    blockUpper.RemoveAt(blockUpper.Count - 1);
                }
            }
            uppers[k] = [.. blockUpper];
            values[k] = blockHits.Select((h, b) => (h + PriorPairs * share) / (blockCount[b] + PriorPairs)).ToArray();
        }
        return new GradeRecalibration(uppers, values);
    }

    /// <summary>Recalibrates every row of <paramref name="probabilities"/> in place.</summary>
    public void Apply(Span<double> probabilities)
    {
        for (int row = 0; row + GradedLabels.Classes <= probabilities.Length; row += GradedLabels.Classes)
        {
            var p = probabilities.Slice(row, GradedLabels.Classes);
            double sum = 0;
            for (int k = 0; k < GradedLabels.Classes; k++)
            {
                if (_uppers[k] is { } upper && _values[k] is { } value)
                {
                    int b = Array.BinarySearch(upper, p[k]);
                    if (b < 0) b = Math.Min(~b, upper.Length - 1);
                    p[k] = value[b];
                }
                sum += p[k];
            }
            for (int k = 0; k < GradedLabels.Classes; k++) p[k] = sum > 0 ? p[k] / sum : 1.0 / GradedLabels.Classes;
        }
    }
}
