namespace LabelStudio.Quality;

/// <summary>Agreement of the tasks whose last rating fell on one day (alpha, kappa and AC1 for choices and ratings).</summary>
public sealed record DailyAgreement(DateOnly Day, int Items, int Ratings, double? Alpha, double? AlphaLower, double? AlphaUpper,
    double? FleissKappa, double? Ac1, double? MeanAgreement);
