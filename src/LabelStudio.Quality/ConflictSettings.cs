using LabelStudio.Consensus;

namespace LabelStudio.Quality;

/// <summary>
/// A project's conflict rule (see <see cref="ConflictRule"/>): a task is a conflict on a tie, a majority share (or, for
/// spans, ratings and text, a mean pairwise agreement) below <see cref="MinMajorityShare"/>, a Dawid–Skene posterior below
/// <see cref="MinPosterior"/>, a disagreement with a gold answer, or (spans) raters who disagree where an entity starts
/// or ends (<see cref="FlagBoundaryDisagreements"/>). A threshold of 0 switches its test off.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record ConflictSettings(double MinMajorityShare = 0.6, double MinPosterior = 0.9, bool FlagTies = true,
    bool FlagGoldDisagreement = true, bool FlagBoundaryDisagreements = true)
{
    public static ConflictSettings Default { get; } = new();

    public ConflictRule ToRule() => new()
    {
        MinMajorityShare = MinMajorityShare,
        MinPosterior = MinPosterior,
        FlagTies = FlagTies,
        FlagGoldDisagreement = FlagGoldDisagreement,
        FlagBoundaryDisagreements = FlagBoundaryDisagreements,
    };

    public IEnumerable<string> Validate()
    {
        if (MinMajorityShare is < 0 or > 1 || double.IsNaN(MinMajorityShare))
            yield return "The minimum majority share must be between 0 and 1.";
        if (MinPosterior is < 0 or > 1 || double.IsNaN(MinPosterior))
            yield return "The minimum posterior must be between 0 and 1.";
    }
}
