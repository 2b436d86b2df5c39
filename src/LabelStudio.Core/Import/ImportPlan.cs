using System.Globalization;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.Import;

/// <summary>
/// Runs an import's records through <see cref="TaskValidator"/>, passing valid tasks on (lazily, so the caller can
/// store them in batches) and keeping the first <see cref="MaxErrors"/> errors plus a count of all of them.
/// </summary>
public sealed class ImportPlan
{
    /// <summary>How many errors are kept by default.</summary>
    public const int DefaultMaxErrors = 100;

    private readonly LabelingConfiguration? _config;
    private readonly List<ImportError> _errors = [];

    /// <summary>Creates a plan; with a null <paramref name="config"/> only the reader's own errors are collected.</summary>
    public ImportPlan(LabelingConfiguration? config, int maxErrors = DefaultMaxErrors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxErrors);
        _config = config;
        MaxErrors = maxErrors;
    }

    /// <summary>Most errors kept in <see cref="Errors"/>.</summary>
    public int MaxErrors { get; }

    /// <summary>The first <see cref="MaxErrors"/> errors, in file order.</summary>
    public IReadOnlyList<ImportError> Errors => _errors;

    /// <summary>All errors seen, including those not kept.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Errors seen but not kept in <see cref="Errors"/>.</summary>
    public int OmittedErrorCount => ErrorCount - _errors.Count;

    /// <summary>Tasks that passed validation.</summary>
    public int TaskCount { get; private set; }

    /// <summary>Records (tasks and row errors) seen.</summary>
    public int RecordCount { get; private set; }

    /// <summary>True when any error was seen.</summary>
    public bool HasErrors => ErrorCount > 0;

    /// <summary>Records an error (kept if fewer than <see cref="MaxErrors"/> are kept so far).</summary>
    public void AddError(ImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        ErrorCount++;
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(error);
        }
    }

    /// <summary>Checks one record; returns the task when it is valid, else records its errors and returns null.</summary>
    public ImportedTask? Check(ImportRecord record)
    {
        RecordCount++;
        if (record.Error is not null)
        {
            AddError(record.Error);
            return null;
        }

        var task = record.Task ?? throw new ArgumentException("The record holds neither a task nor an error.", nameof(record));
        var valid = true;
        if (_config is not null)
        {
            foreach (var error in TaskValidator.Validate(task, _config))
            {
                AddError(error);
                valid = false;
            }
        }

        if (!valid)
        {
            return null;
        }

        TaskCount++;
        return task;
    }

    /// <summary>Lazily yields the valid tasks of <paramref name="records"/>, collecting errors on the way.</summary>
    public IEnumerable<ImportedTask> Accept(IEnumerable<ImportRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return AcceptCore(records);
    }

    private IEnumerable<ImportedTask> AcceptCore(IEnumerable<ImportRecord> records)
    {
        foreach (var record in records)
        {
            if (Check(record) is { } task)
            {
                yield return task;
            }
        }
    }

    /// <summary>One-line summary, e.g. <c>3 errors in 1,000 tasks.</c> or <c>250 errors in 1,000 tasks; showing the first 100.</c></summary>
    public string Summary()
    {
        var culture = CultureInfo.InvariantCulture;
        var records = RecordCount.ToString("N0", culture);
        if (!HasErrors)
        {
            return $"{TaskCount.ToString("N0", culture)} {(TaskCount == 1 ? "task" : "tasks")} ready to import.";
        }

        var text = $"{ErrorCount.ToString("N0", culture)} {(ErrorCount == 1 ? "error" : "errors")} in {records} {(RecordCount == 1 ? "task" : "tasks")}";
        return OmittedErrorCount > 0 ? $"{text}; showing the first {_errors.Count.ToString("N0", culture)}." : text + ".";
    }
}
