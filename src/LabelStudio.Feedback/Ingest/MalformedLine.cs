namespace LabelStudio.Feedback.Ingest;

/// <summary>A rejected input line: its 1-based number and why.</summary>
public sealed record MalformedLine(long LineNumber, string Reason);
