namespace LabelStudio.Feedback.Graded;

/// <summary>Measures of graded predictions: per-grade reliability and ECE, Spearman correlation, Wilson interval.</summary>
public static class GradeMetrics
{
    /// <summary>Reliability bins of width 1/<paramref name="bins"/> of P(grade = k) and its ECE, over the rows given.</summary>
    /// <param name="probabilities">Row-major, <see cref="GradedLabels.Classes"/> per row.</param>
    public static GradeCalibration Calibration(IReadOnlyList<double> probabilities, IReadOnlyList<int> grades, int grade, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(grades);
        int n = grades.Count;
        var count = new int[bins];
        var sumP = new double[bins];
        var hits = new int[bins];
        double total = 0;
        int ofGrade = 0;
        for (int i = 0; i < n; i++)
        {
            double p = probabilities[i * GradedLabels.Classes + grade];
            int b = Math.Clamp((int)(p * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += p;
            total += p;
            if (grades[i] == grade)
            {
                hits[b]++;
                ofGrade++;
            }
        }
        double ece = 0;
        var list = new List<ReliabilityBin>();
        for (int b = 0; b < bins; b++)
        {
            if (count[b] == 0) continue;
            double mean = sumP[b] / count[b];
            double observed = (double)hits[b] / count[b];
            ece += (double)count[b] / n * Math.Abs(mean - observed);
            list.Add(new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], mean, observed));
        }
        return new GradeCalibration(grade, ofGrade, n == 0 ? double.NaN : total / n, n == 0 ? double.NaN : ece, list);
    }

    /// <summary>Spearman's rank correlation (average ranks for ties); NaN when either side is constant or empty.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException("The two samples differ in length.");
        var ra = Ranks(a);
        var rb = Ranks(b);
        int n = a.Count;
        if (n < 2) return double.NaN;
        double ma = ra.Average(), mb = rb.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++)
        {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Wilson score interval (95 %) of <paramref name="successes"/> out of <paramref name="n"/>.</summary>
    public static (double Low, double High) Wilson(int successes, int n, double z = 1.959964)
    {
        if (n == 0) return (double.NaN, double.NaN);
        double p = (double)successes / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denom;
        double half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        int n = values.Count;
        var idx = Enumerable.Range(0, n).ToArray();
        Array.Sort(idx, (x, y) => values[x].CompareTo(values[y]));
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && values[idx[j]] == values[idx[i]]) j++;
            double rank = (i + j - 1) / 2.0 + 1;
            for (int t = i; t < j; t++) ranks[idx[t]] = rank;
            i = j;
        }
        return ranks;
    }
}
