using LabelStudio.Data.Review;
using LabelStudio.Quality;

namespace LabelStudio.Data.Datasets;

/// <summary>The lower-case names states and origins have in files and manifests (stable, whatever the enum's spelling).</summary>
public static class DatasetNames
{
    // Asked once or more per task of a version: the names are made once per value, not per call.
    private static readonly Dictionary<TaskOutcomeState, string> States =
        Enum.GetValues<TaskOutcomeState>().ToDictionary(s => s, s => s.ToString().ToLowerInvariant());

    private static readonly Dictionary<FinalLabelOrigin, string> Origins =
        Enum.GetValues<FinalLabelOrigin>().ToDictionary(o => o, o => o.ToString().ToLowerInvariant());

    public static string State(TaskOutcomeState state) =>
        States.TryGetValue(state, out var name) ? name : state.ToString().ToLowerInvariant();

    public static string Origin(FinalLabelOrigin origin) =>
        Origins.TryGetValue(origin, out var name) ? name : origin.ToString().ToLowerInvariant();
}
