namespace LabelStudio.Quality;

public sealed record PairQuality(string RaterA, string RaterB, int Overlap, double? Kappa, double? Agreement);
