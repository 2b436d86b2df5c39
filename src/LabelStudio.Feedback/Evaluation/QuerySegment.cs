namespace LabelStudio.Feedback.Evaluation;

/// <summary>Query frequency segments.</summary>
public enum QuerySegment { Head = 0, Torso = 1, Tail = 2 }
