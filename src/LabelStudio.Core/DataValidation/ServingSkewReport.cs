namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Training–serving skew: the schema inferred from the labeled data, the schema skew of the production records
/// (errors when a field the configuration reads is missing from them; warnings for new, vanished, retyped or rarer
/// fields and unseen values) and the distribution skew per field.
/// </summary>
public sealed record ServingSkewReport(long TrainingTasks, long ServingRecords, DataSchema Schema,
    IReadOnlyList<Anomaly> SchemaSkew, DriftReport DistributionSkew)
{
    /// <summary>True when nothing was found: no schema skew and no drifted field.</summary>
    public bool Clean => SchemaSkew.Count == 0 && DistributionSkew.Drifted.Count == 0;
}
