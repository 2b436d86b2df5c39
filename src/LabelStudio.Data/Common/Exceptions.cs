namespace LabelStudio.Data.Common;

/// <summary>
/// Input that breaks a rule the user can fix; <see cref="Errors"/> says what and where. <see cref="ByKey"/>, when set,
/// groups the same messages by the field or control they concern (the <c>errors</c> of validation problem details).
/// </summary>
public sealed class DomainValidationException(IReadOnlyList<string> errors, IReadOnlyDictionary<string, string[]>? byKey = null)
    : Exception(errors.Count == 1 ? errors[0] : $"{errors.Count} problems: {string.Join("; ", errors.Take(5))}")
{
    public IReadOnlyList<string> Errors { get; } = errors;

    public IReadOnlyDictionary<string, string[]>? ByKey { get; } = byKey;

    public DomainValidationException(string error) : this([error]) { }

    /// <summary>Messages keyed by field or control.</summary>
    public DomainValidationException(IReadOnlyDictionary<string, string[]> byKey)
        : this(byKey.SelectMany(p => p.Value).Distinct(StringComparer.Ordinal).ToList(), byKey) { }
}

public sealed class NotFoundException(string message) : Exception(message);

public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>The request is valid but the state does not allow it now (e.g. the task already has all its ratings).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The request body is larger than the configured limit (HTTP 413).</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);
