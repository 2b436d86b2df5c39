using LabelStudio.Core.Results;

namespace LabelStudio.Data.Labeling;

/// <summary>One of the rater's recent answers (the current revision), as the "recent submissions" list shows it.</summary>
/// <param name="Position">The task's position in its import file (1-based), to name it without a database id.</param>
/// <param name="Summary">A one-line rendering of the answer, e.g. "PER: Ada Lovelace; LOC: London".</param>
/// <param name="Text">The start of the task's first text field, for recognising it.</param>
public sealed record SubmissionView(long AnnotationId, long TaskId, int Position, int Revision, DateTime CreatedAt, string Summary, string? Text);

/// <summary>A submitted answer reopened for revision: the task as the rater saw it and their current answer.</summary>
public sealed record RevisionAssignment(long AnnotationId, long TaskId, long ProjectId, string DataJson, string LabelConfigXml,
    int ConfigVersion, int Revision, IReadOnlyList<ResultItem> Result, IReadOnlyList<string> NoEntities, DraftView? Draft);
