using LabelStudio.Data.Review;
using LabelStudio.Quality;

namespace LabelStudio.Data.Datasets;

/// <summary>The lower-case names states and origins have in files and manifests (stable, whatever the enum's spelling).</summary>
public static class DatasetNames
{
    public static string State(TaskOutcomeState state) => state.ToString().ToLowerInvariant();

    public static string Origin(FinalLabelOrigin origin) => origin.ToString().ToLowerInvariant();
}
