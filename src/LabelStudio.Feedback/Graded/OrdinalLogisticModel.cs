using LabelStudio.Feedback.Calibration;

namespace LabelStudio.Feedback.Graded;

/// <summary>
/// Proportional-odds (cumulative logit) model: P(grade ≤ k | x) = σ(c_k − w·z), z the standardised features, with
/// ordered cut points c_0 &lt; … &lt; c_{K−2} (parametrised as c_0 and log-gaps, so they stay ordered). Fitted by damped
/// Newton steps on the penalised log-likelihood (L2 on the slopes and, lightly, on the log-gaps, so that a grade the
/// seed lacks gets a small probability instead of a diverging cut point).
/// </summary>
internal sealed class OrdinalLogisticModel
{
    private const double GapPenalty = 0.01;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[] _weights;
    private readonly double[] _cuts;

    private OrdinalLogisticModel(double[] weights, double[] cuts, double[] mean, double[] scale)
    {
        _weights = weights;
        _cuts = cuts;
        _mean = mean;
        _scale = scale;
    }

    /// <summary>Slopes on the standardised features.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Cut points c_k between grade k and k + 1.</summary>
    public IReadOnlyList<double> Cuts => _cuts;

    public int Classes => _cuts.Length + 1;

    public static OrdinalLogisticModel Fit(double[][] x, int[] y, int classes, double l2)
    {
        int n = x.Length;
        int d = n == 0 ? 0 : x[0].Length;
        var (mean, scale) = LogisticModel.Standardise(x, d);
        var z = new double[n][];
        for (int i = 0; i < n; i++)
        {
            z[i] = new double[d];
            for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - mean[j]) / scale[j];
        }
        int m = d + classes - 1;
        var theta = Start(y, classes, d);
        double f = Objective(theta, z, y, d, classes, l2);
        for (int iter = 0; iter < 100; iter++)
        {
            var g = Gradient(theta, z, y, d, classes, l2);
            var h = Hessian(theta, z, y, d, classes, l2, g);
            double damping = 0;
            bool improved = false;
            for (int attempt = 0; attempt < 30 && !improved; attempt++)
            {
                var hd = (double[,])h.Clone();
                for (int a = 0; a < m; a++) hd[a, a] += damping;
                var step = LogisticModel.Solve(hd, g);
                var next = new double[m];
                for (int a = 0; a < m; a++) next[a] = theta[a] - step[a];
                double fn = Objective(next, z, y, d, classes, l2);
                if (double.IsFinite(fn) && fn <= f)
                {
                    double moved = 0;
                    for (int a = 0; a < m; a++) moved = Math.Max(moved, Math.Abs(step[a]));
                    theta = next;
                    bool converged = f - fn < 1e-10 || moved < 1e-8;
                    f = fn;
                    improved = true;
                    if (converged) return Build(theta, d, classes, mean, scale);
                }
                else
                {
                    damping = damping == 0 ? 1e-3 : damping * 10;
                }
            }
            if (!improved) break;
        }
        return Build(theta, d, classes, mean, scale);
    }

    /// <summary>Writes P(grade = k) for k = 0 … K−1 into <paramref name="probabilities"/>.</summary>
    public void Predict(ReadOnlySpan<double> x, Span<double> probabilities)
    {
        double eta = 0;
        for (int j = 0; j < _weights.Length; j++) eta += _weights[j] * (x[j] - _mean[j]) / _scale[j];
        double below = 0;
        for (int k = 0; k < _cuts.Length; k++)
        {
            double cum = LogisticModel.Sigmoid(_cuts[k] - eta);
            probabilities[k] = Math.Max(cum - below, 0);
            below = Math.Max(below, cum);
        }
        probabilities[_cuts.Length] = Math.Max(1 - below, 0);
    }

    /// <summary>Zero slopes and the cut points of the seed's marginal grade frequencies (smoothed).</summary>
    private static double[] Start(int[] y, int classes, int d)
    {
        var counts = new double[classes];
        foreach (var g in y) counts[g]++;
        double total = counts.Sum() + classes * 0.5;
        var theta = new double[d + classes - 1];
        double cum = 0;
        double previous = 0;
        for (int k = 0; k < classes - 1; k++)
        {
            cum += (counts[k] + 0.5) / total;
            double cut = Math.Log(cum / (1 - cum));
            theta[d + k] = k == 0 ? cut : Math.Log(Math.Max(cut - previous, 1e-3));
            previous = cut;
        }
        return theta;
    }

    private static double[] CutsOf(double[] theta, int d, int classes)
    {
        var cuts = new double[classes - 1];
        cuts[0] = theta[d];
        for (int k = 1; k < classes - 1; k++) cuts[k] = cuts[k - 1] + Math.Exp(theta[d + k]);
        return cuts;
    }

    private static double Objective(double[] theta, double[][] z, int[] y, int d, int classes, double l2)
    {
        var cuts = CutsOf(theta, d, classes);
        double nll = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double eta = Eta(theta, z[i], d);
            double upper = y[i] < classes - 1 ? LogisticModel.Sigmoid(cuts[y[i]] - eta) : 1;
            double lower = y[i] > 0 ? LogisticModel.Sigmoid(cuts[y[i] - 1] - eta) : 0;
            nll -= Math.Log(Math.Max(upper - lower, 1e-300));
        }
        return nll + Penalty(theta, d, classes, l2);
    }

    private static double Penalty(double[] theta, int d, int classes, double l2)
    {
        double p = 0;
        for (int j = 0; j < d; j++) p += 0.5 * l2 * theta[j] * theta[j];
        for (int k = 1; k < classes - 1; k++) p += 0.5 * GapPenalty * theta[d + k] * theta[d + k];
        return p;
    }

    private static double Eta(double[] theta, double[] z, int d)
    {
        double eta = 0;
        for (int j = 0; j < d; j++) eta += theta[j] * z[j];
        return eta;
    }

    /// <summary>Gradient of the penalised negative log-likelihood.</summary>
    private static double[] Gradient(double[] theta, double[][] z, int[] y, int d, int classes, double l2)
    {
        var cuts = CutsOf(theta, d, classes);
        int m = theta.Length;
        var g = new double[m];
        var dCut = new double[classes - 1];
        for (int i = 0; i < z.Length; i++)
        {
            double eta = Eta(theta, z[i], d);
            int k = y[i];
            double fu = 0, fl = 0, upper = 1, lower = 0;
            if (k < classes - 1)
            {
                upper = LogisticModel.Sigmoid(cuts[k] - eta);
                fu = upper * (1 - upper);
            }
            if (k > 0)
            {
                lower = LogisticModel.Sigmoid(cuts[k - 1] - eta);
                fl = lower * (1 - lower);
            }
            double p = Math.Max(upper - lower, 1e-300);
            // d(−log p)/dη = (fu − fl) / p; d(−log p)/dc_k = −fu / p; d(−log p)/dc_{k−1} = fl / p.
            double dEta = (fu - fl) / p;
            for (int j = 0; j < d; j++) g[j] += dEta * z[i][j];
            if (k < classes - 1) dCut[k] -= fu / p;
            if (k > 0) dCut[k - 1] += fl / p;
        }
        // c_k = θ_d + Σ_{j=1..k} exp(θ_{d+j}): the cut gradients flow back to the intercept and the log-gaps.
        for (int k = 0; k < classes - 1; k++)
        {
            g[d] += dCut[k];
            for (int j = 1; j <= k; j++) g[d + j] += dCut[k] * Math.Exp(theta[d + j]);
        }
        for (int j = 0; j < d; j++) g[j] += l2 * theta[j];
        for (int k = 1; k < classes - 1; k++) g[d + k] += GapPenalty * theta[d + k];
        return g;
    }

    /// <summary>Hessian by central differences of the analytic gradient (a handful of parameters), symmetrised.</summary>
    private static double[,] Hessian(double[] theta, double[][] z, int[] y, int d, int classes, double l2, double[] g)
    {
        int m = theta.Length;
        var h = new double[m, m];
        const double step = 1e-5;
        for (int b = 0; b < m; b++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[b] += step;
            minus[b] -= step;
            var gp = Gradient(plus, z, y, d, classes, l2);
            var gm = Gradient(minus, z, y, d, classes, l2);
            for (int a = 0; a < m; a++) h[a, b] = (gp[a] - gm[a]) / (2 * step);
        }
        for (int a = 0; a < m; a++)
        {
            for (int b = a + 1; b < m; b++)
            {
                double s = 0.5 * (h[a, b] + h[b, a]);
                h[a, b] = s;
                h[b, a] = s;
            }
        }
        return h;
    }

    private static OrdinalLogisticModel Build(double[] theta, int d, int classes, double[] mean, double[] scale) =>
        new(theta[..d], CutsOf(theta, d, classes), mean, scale);
}
