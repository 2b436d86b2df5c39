namespace LabelStudio.Feedback.Models;

/// <summary>Settings of the click models.</summary>
public sealed class ModelOptions
{
    /// <summary>Maximum EM iterations of the position-based model.</summary>
    public int PbmMaxIterations { get; init; } = 100;

    /// <summary>EM stops when no attractiveness or examination value moves more than this.</summary>
    public double PbmTolerance { get; init; } = 1e-4;

    /// <summary>Refit the Beta prior on attractiveness from the data each iteration (empirical Bayes).</summary>
    public bool PbmEmpiricalBayes { get; init; } = true;

    /// <summary>Fixed Beta prior (a, b) on attractiveness when empirical Bayes is off; also the starting prior.</summary>
    public (double A, double B) PbmPrior { get; init; } = (1, 1);

    /// <summary>Pairs with at least this many impressions inform the empirical-Bayes prior.</summary>
    public int PbmPriorMinImpressions { get; init; } = 20;

    /// <summary>Pseudo-impressions of the Beta prior (centred on the global rate) that smooths CTR and SAT-CTR.</summary>
    public double CtrPriorStrength { get; init; } = 10;

    /// <summary>Pseudo-counts of the priors (centred on the global rates) that smooth SDBN attractiveness and satisfaction.</summary>
    public double SdbnPriorStrength { get; init; } = 4;

    /// <summary>Threads for EM (1 = sequential).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
