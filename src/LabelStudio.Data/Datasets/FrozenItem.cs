using LabelStudio.Data.Review;
using LabelStudio.Quality;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// One task of a version as the build freezes it: state, primary origin, the short label key (stratum of the split, key
/// of diffs) and the frozen labels as the UTF-8 JSON the version hash, the items file and reproduction compare.
/// </summary>
internal sealed record FrozenItem(long TaskId, TaskOutcomeState State, FinalLabelOrigin Origin, string LabelKey, byte[] LabelsJson);
