namespace LabelStudio.Core.DataValidation;

/// <summary>The drift figures between two sets of statistics, with the sizes compared.</summary>
public sealed record DriftReport(long BaselineTasks, long CurrentTasks, DriftThresholds Thresholds, IReadOnlyList<FieldDrift> Items)
{
    /// <summary>The figures flagged as drift.</summary>
    public IReadOnlyList<FieldDrift> Drifted => Items.Where(i => i.Verdict == DriftVerdict.Drift).ToList();
}
