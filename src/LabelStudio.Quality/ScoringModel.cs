using LabelStudio.Consensus;

namespace LabelStudio.Quality;

/// <summary>A stored Dawid–Skene model ready to score single tasks of its control.</summary>
public sealed record ScoringModel(long SnapshotId, string Control, IReadOnlyList<string> Classes, DawidSkeneModel Model,
    IReadOnlyDictionary<string, int> RaterIndex)
{
    public static ScoringModel? From(long snapshotId, StoredDawidSkeneModel? stored)
    {
        if (stored is null) return null;
        var (model, index) = stored.ToEngine();
        return new ScoringModel(snapshotId, stored.Control, stored.Classes, model, index);
    }

    /// <summary>The model fits a control only if its classes are still the control's declared categories, in order.</summary>
    public bool Fits(ConsensusControl control) =>
        control.Kind == ConsensusKind.Category && control.Name == Control && Classes.SequenceEqual(control.Categories, StringComparer.Ordinal);
}
