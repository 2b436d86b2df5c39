namespace LabelStudio.Core.Results;

/// <summary>One problem with a result: <see cref="Key"/> is the control's name (or <see cref="AnnotationValidator.ResultKey"/>).</summary>
public sealed record AnnotationProblem(string Key, string Message);
