namespace LabelStudio.Quality;

/// <summary>How often raters gave a label (single choice, rating, each choice of a multiple choice, each span label).</summary>
public sealed record LabelCount(string Label, int Count);
