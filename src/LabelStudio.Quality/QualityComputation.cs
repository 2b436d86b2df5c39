using LabelStudio.Consensus;

namespace LabelStudio.Quality;

/// <summary>The outcome of a project-level computation, ready to be stored as a snapshot.</summary>
public sealed record QualityComputation(QualityMeasures Measures, IReadOnlyList<RaterQuality> Raters, StoredDawidSkeneModel? Model);
