using LabelStudio.Data.Review;
using LabelStudio.Quality;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// One record of a version's items file (<see cref="DatasetItemsFile"/>): the frozen item with what the formats need of its
/// task, so that writing a format later joins nothing. <see cref="Split"/> is empty until the split sidecar is merged in.
/// </summary>
internal sealed record StoredItem(long TaskId, string? ExternalKey, string DataJson, string? MetaJson, DateTime CreatedAt, long? ImportBatchId,
    int SourceIndex, TaskOutcomeState State, FinalLabelOrigin Origin, string LabelKey, byte[] LabelsJson, string Split = "");
