namespace LabelStudio.Quality;

public sealed record ChoiceMeasure(string Choice, double? Alpha, double? PercentAgreement, int Selected);
