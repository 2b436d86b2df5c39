using System.Runtime.CompilerServices;
using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Models;

/// <summary>
/// Position-based click model fitted by EM on the aggregated (pair, rank) counts, with a Beta prior on attractiveness
/// whose parameters are re-estimated from the data each iteration (method of moments over well-observed pairs).
/// E-step for non-clicks: P(A=1|C=0) = α(1−θ)/(1−αθ), P(E=1|C=0) = θ(1−α)/(1−αθ).
/// </summary>
public static class PositionBasedModel
{
    /// <summary>Fits the model.</summary>
    public static PbmFit Fit(ClickAggregate aggregate, ModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        options ??= new ModelOptions();
        int pairs = aggregate.PairCount;
        int maxRank = aggregate.MaxRank;
        var start = aggregate.CellStart;
        var cellRank = aggregate.CellRank;
        var cellN = aggregate.CellImpressions;
        var cellC = aggregate.CellClicks;

        var theta = new double[maxRank];
        double ctr1 = aggregate.RankImpressions.Length > 0 && aggregate.RankImpressions[0] > 0
            ? (double)aggregate.RankClicks[0] / aggregate.RankImpressions[0] : 0;
        for (int k = 0; k < maxRank; k++)
        {
            double ctrK = aggregate.RankImpressions[k] > 0 ? (double)aggregate.RankClicks[k] / aggregate.RankImpressions[k] : 0;
            theta[k] = ctr1 > 0 ? Math.Clamp(ctrK / ctr1, 0.01, 0.99) : 0.5;
        }
        theta[0] = 0.99;
        var alpha = new double[pairs];
        for (int p = 0; p < pairs; p++)
        {
            double expected = 0;
            for (int c = start[p]; c < start[p + 1]; c++)
            {
                expected += cellN[c] * theta[cellRank[c]];
            }
            alpha[p] = Math.Clamp((aggregate.PairClicks[p] + 0.5) / (expected + 1), 1e-4, 0.99);
        }

        double priorA = options.PbmPrior.A;
        double priorB = options.PbmPrior.B;
        var rawNum = new double[pairs];
        int workers = Math.Max(1, Math.Min(options.MaxDegreeOfParallelism, pairs / 20_000));
        var numT = new double[workers][];
        var denT = new double[workers][];
        var deltas = new double[workers];
        for (int w = 0; w < workers; w++)
        {
            numT[w] = new double[maxRank];
            denT[w] = new double[maxRank];
        }
        int iterations = 0;
        bool converged = false;
        for (int it = 0; it < options.PbmMaxIterations; it++)
        {
            iterations++;
            double a0 = priorA;
            double b0 = priorB;
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            void Work(int w)
            {
                var nt = numT[w];
                var dt = denT[w];
                Array.Clear(nt);
                Array.Clear(dt);
                double maxDelta = 0;
                int from = (int)((long)pairs * w / workers);
                int to = (int)((long)pairs * (w + 1) / workers);
                for (int p = from; p < to; p++)
                {
                    double a = alpha[p];
                    double na = 0;
                    double da = 0;
                    for (int c = start[p]; c < start[p + 1]; c++)
                    {
                        int k = cellRank[c];
                        double t = theta[k];
                        int n = cellN[c];
                        int cl = cellC[c];
                        double nc = n - cl;
                        double inv = nc / (1 - a * t);
                        na += cl + inv * a * (1 - t);
                        nt[k] += cl + inv * t * (1 - a);
                        dt[k] += n;
                        da += n;
                    }
                    rawNum[p] = na;
                    double updated = Math.Clamp((na + a0) / (da + a0 + b0), 1e-6, 1 - 1e-6);
                    maxDelta = Math.Max(maxDelta, Math.Abs(updated - a));
                    alpha[p] = updated;
                }
                deltas[w] = maxDelta;
            }
            if (workers == 1)
            {
                Work(0);
            }
            else
            {
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, Work);
            }
            double delta = deltas.Max();
            for (int k = 0; k < maxRank; k++)
            {
                double num = 0;
                double den = 0;
                for (int w = 0; w < workers; w++)
                {
                    num += numT[w][k];
                    den += denT[w][k];
                }
                if (den > 0)
                {
                    double updated = Math.Clamp(num / den, 1e-4, 1 - 1e-6);
                    delta = Math.Max(delta, Math.Abs(updated - theta[k]));
                    theta[k] = updated;
                }
            }
            if (options.PbmEmpiricalBayes)
            {
                (priorA, priorB) = FitPrior(aggregate, rawNum, options.PbmPriorMinImpressions, priorA, priorB);
            }
            if (delta < options.PbmTolerance)
            {
                converged = true;
                break;
            }
        }

        double theta1 = theta[0];
        var thetaNorm = new double[maxRank];
        for (int k = 0; k < maxRank; k++)
        {
            thetaNorm[k] = aggregate.RankImpressions[k] > 0 ? Math.Min(1, theta[k] / theta1) : 0;
        }
        var alphaNorm = new double[pairs];
        var sd = new double[pairs];
        var effective = new double[pairs];
        double ll = 0;
        long total = 0;
        for (int p = 0; p < pairs; p++)
        {
            double n = aggregate.PairImpressions[p];
            double pa = rawNum[p] + priorA;
            double pb = Math.Max(1e-9, n - rawNum[p]) + priorB;
            double s = pa + pb;
            alphaNorm[p] = Math.Min(1, alpha[p] * theta1);
            sd[p] = Math.Sqrt(pa * pb / (s * s * (s + 1))) * theta1;
            double eff = 0;
            for (int c = start[p]; c < start[p + 1]; c++)
            {
                int k = cellRank[c];
                eff += cellN[c] * thetaNorm[k];
                double q = Math.Clamp(alpha[p] * theta[k], 1e-12, 1 - 1e-12);
                ll += cellC[c] * Math.Log(q) + (cellN[c] - cellC[c]) * Math.Log(1 - q);
                total += cellN[c];
            }
            effective[p] = eff;
        }
        return new PbmFit(thetaNorm, alphaNorm, sd, effective, priorA, priorB, iterations, converged,
            total == 0 ? 0 : ll / total)
        {
            RawTheta1 = theta1,
        };
    }

    private static (double A, double B) FitPrior(ClickAggregate aggregate, double[] rawNum, int minImpressions,
        double currentA, double currentB)
    {
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        double sampling = 0;
        for (int p = 0; p < aggregate.PairCount; p++)
        {
            int n = aggregate.PairImpressions[p];
            if (n < minImpressions)
            {
                continue;
            }
            double x = rawNum[p] / n;
            sum += x;
            sumSq += x * x;
            sampling += 1.0 / n;
            count++;
        }
        if (count < 10)
        {
            return (currentA, currentB);
        }
        double mean = Math.Clamp(sum / count, 1e-3, 1 - 1e-3);
        double variance = sumSq / count - mean * mean;
        // Remove the binomial sampling variance so the prior is not made too weak by noise.
        double noise = mean * (1 - mean) * sampling / count;
        variance = Math.Max(variance - noise, 1e-6);
        double strength = Math.Clamp(mean * (1 - mean) / variance - 1, 2, 1000);
        return (mean * strength, (1 - mean) * strength);
    }
}
