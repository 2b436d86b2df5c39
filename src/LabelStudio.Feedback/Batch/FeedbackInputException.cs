namespace LabelStudio.Feedback.Batch;

/// <summary>Raised for unusable inputs (missing or unreadable files, bad seed header); the message is user-facing.</summary>
public sealed class FeedbackInputException(string message, Exception? inner = null) : Exception(message, inner);
