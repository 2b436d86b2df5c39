namespace LabelStudio.Quality;

public sealed record DawidSkeneSummary(int Iterations, bool Converged, double? LogLikelihood, IReadOnlyDictionary<string, double> Priors);
