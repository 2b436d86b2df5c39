namespace LabelStudio.Data.Datasets;

/// <summary>The highest ids a version read: its final labels are what these rows (and no later ones) derive.</summary>
public sealed record DatasetWatermarks(long Annotation, long Gold, long Resolution, long Outcome)
{
    public static DatasetWatermarks Of(DatasetVersion v) => new(v.AnnotationWatermark, v.GoldWatermark, v.ResolutionWatermark, v.OutcomeWatermark);
}
