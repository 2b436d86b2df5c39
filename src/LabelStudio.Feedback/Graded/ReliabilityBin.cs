namespace LabelStudio.Feedback.Graded;

/// <summary>One bin of a reliability diagram: the pairs whose predicted probability fell in [Lower, Upper).</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double Observed);
