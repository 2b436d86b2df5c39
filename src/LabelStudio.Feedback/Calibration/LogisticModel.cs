namespace LabelStudio.Feedback.Calibration;

/// <summary>L2-regularised logistic regression on standardised features, fitted by Newton's method.</summary>
internal sealed class LogisticModel
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    private LogisticModel(double[] weights, double[] mean, double[] scale)
    {
        Weights = weights;
        _mean = mean;
        _scale = scale;
    }

    public double[] Weights { get; }

    public static LogisticModel Fit(double[][] x, bool[] y, double l2)
    {
        int n = x.Length;
        int d = x.Length == 0 ? 0 : x[0].Length;
        var (mean, scale) = Standardise(x, d);
        int m = d + 1;
        var w = new double[m];
        int pos = y.Count(v => v);
        w[0] = Math.Log((pos + 0.5) / (n - pos + 0.5));
        var z = new double[m];
        for (int iter = 0; iter < 50; iter++)
        {
            var grad = new double[m];
            var hess = new double[m, m];
            for (int i = 0; i < n; i++)
            {
                z[0] = 1;
                for (int j = 0; j < d; j++)
                {
                    z[j + 1] = (x[i][j] - mean[j]) / scale[j];
                }
                double eta = 0;
                for (int j = 0; j < m; j++)
                {
                    eta += w[j] * z[j];
                }
                double p = Sigmoid(eta);
                double r = (y[i] ? 1 : 0) - p;
                double wt = Math.Max(p * (1 - p), 1e-9);
                for (int a = 0; a < m; a++)
                {
                    grad[a] += r * z[a];
                    for (int b = 0; b < m; b++)
                    {
                        hess[a, b] += wt * z[a] * z[b];
                    }
                }
            }
            for (int a = 1; a < m; a++)
            {
                grad[a] -= l2 * w[a];
                hess[a, a] += l2;
            }
            hess[0, 0] += 1e-6;
            var step = Solve(hess, grad);
            double maxStep = 0;
            for (int a = 0; a < m; a++)
            {
                w[a] += step[a];
                maxStep = Math.Max(maxStep, Math.Abs(step[a]));
            }
            if (maxStep < 1e-8)
            {
                break;
            }
        }
        return new LogisticModel(w, mean, scale);
    }

    /// <summary>Mean and standard deviation (1 when constant) of each of the <paramref name="d"/> feature columns.</summary>
    internal static (double[] Mean, double[] Scale) Standardise(double[][] x, int d)
    {
        int n = x.Length;
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            double s = 0, ss = 0;
            for (int i = 0; i < n; i++)
            {
                s += x[i][j];
                ss += x[i][j] * x[i][j];
            }
            mean[j] = n == 0 ? 0 : s / n;
            double v = n == 0 ? 1 : ss / n - mean[j] * mean[j];
            scale[j] = v > 1e-12 ? Math.Sqrt(v) : 1;
        }
        return (mean, scale);
    }

    public double Predict(ReadOnlySpan<double> x)
    {
        double eta = Weights[0];
        for (int j = 0; j < x.Length; j++)
        {
            eta += Weights[j + 1] * (x[j] - _mean[j]) / _scale[j];
        }
        return Sigmoid(eta);
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    internal static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int c = 0; c < n; c++)
        {
            int piv = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[piv, c]))
                {
                    piv = r;
                }
            }
            if (Math.Abs(m[piv, c]) < 1e-12)
            {
                continue;
            }
            if (piv != c)
            {
                for (int k = 0; k < n; k++)
                {
                    (m[c, k], m[piv, k]) = (m[piv, k], m[c, k]);
                }
                (v[c], v[piv]) = (v[piv], v[c]);
            }
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r, c] / m[c, c];
                for (int k = c; k < n; k++)
                {
                    m[r, k] -= f * m[c, k];
                }
                v[r] -= f * v[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            if (Math.Abs(m[r, r]) < 1e-12)
            {
                x[r] = 0;
                continue;
            }
            double s = v[r];
            for (int k = r + 1; k < n; k++)
            {
                s -= m[r, k] * x[k];
            }
            x[r] = s / m[r, r];
        }
        return x;
    }
}
