namespace LabelStudio.Feedback.Models;

/// <summary>
/// A fitted position-based model, P(click at rank k) = θ_k · α_qd, on the scale θ_1 = 1
/// (α is then the click probability of the pair when shown at rank 1).
/// </summary>
public sealed class PbmFit
{
    internal PbmFit(double[] theta, double[] alpha, double[] posteriorSd, double[] effective, double priorA, double priorB,
        int iterations, bool converged, double logLikelihood)
    {
        ThetaArray = theta;
        AlphaArray = alpha;
        PosteriorSdArray = posteriorSd;
        EffectiveArray = effective;
        PriorA = priorA;
        PriorB = priorB;
        Iterations = iterations;
        Converged = converged;
        LogLikelihoodPerImpression = logLikelihood;
    }

    internal double[] ThetaArray { get; }
    internal double[] AlphaArray { get; }
    internal double[] PosteriorSdArray { get; }
    internal double[] EffectiveArray { get; }

    /// <summary>Examination probability per rank (index 0 = rank 1, normalised so θ_1 = 1; 0 for ranks never seen).</summary>
    public IReadOnlyList<double> Theta => ThetaArray;

    /// <summary>Posterior mean attractiveness per pair.</summary>
    public IReadOnlyList<double> Alpha => AlphaArray;

    /// <summary>Posterior standard deviation of attractiveness per pair (Beta posterior).</summary>
    public IReadOnlyList<double> AlphaPosteriorSd => PosteriorSdArray;

    /// <summary>Effective (examined) impressions per pair: Σ_k n_k θ_k.</summary>
    public IReadOnlyList<double> EffectiveImpressions => EffectiveArray;

    /// <summary>Beta prior on attractiveness (raw EM scale) after empirical Bayes.</summary>
    public double PriorA { get; }

    /// <summary>Beta prior on attractiveness (raw EM scale) after empirical Bayes.</summary>
    public double PriorB { get; }

    /// <summary>Population-average attractiveness on the θ_1 = 1 scale.</summary>
    public double PriorMean => Math.Min(1, PriorA / (PriorA + PriorB) * RawTheta1);

    internal double RawTheta1 { get; init; } = 1;

    /// <summary>EM iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Whether EM met the tolerance.</summary>
    public bool Converged { get; }

    /// <summary>Mean log-likelihood per shown result at the fit.</summary>
    public double LogLikelihoodPerImpression { get; }
}
