using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Compares production records (in the task format) with the labeled data they will be scored by: TFDV's
/// training–serving skew, per field. The caller supplies both as statistics, so a dataset version, an import batch or
/// a whole project can be the training side.
/// </summary>
public static class ServingSkew
{
    /// <summary>The report for <paramref name="serving"/> against <paramref name="training"/>.</summary>
    public static ServingSkewReport Compare(DataStatistics training, DataStatistics serving, LabelingConfiguration? config,
        DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(serving);
        var schema = SchemaInference.Infer(training, config);
        var skew = new List<Anomaly>();
        foreach (var field in schema.Fields.Where(f => f.RequiredByConfig && !serving.Fields.ContainsKey(f.Name)))
        {
            skew.Add(new Anomaly(AnomalySeverity.Error, AnomalyKind.MissingField, field.Name,
                $"No production record has \"{field.Name}\", which the labeling configuration reads."));
        }
        skew.AddRange(SchemaValidation.Warnings(schema, serving)
            .Where(w => !(w.Kind == AnomalyKind.VanishedField && schema.Field(w.Field!)?.RequiredByConfig == true)));
        var drift = DriftComparison.Compare(training, serving, thresholds, SchemaValidation.TextFields(schema));
        var dataOnly = drift with
        {
            Items = drift.Items.Where(i => i.Subject is DriftSubject.Values or DriftSubject.Numbers or DriftSubject.TextLength).ToList(),
        };
        return new ServingSkewReport(training.Tasks, serving.Tasks, schema, skew, dataOnly);
    }
}
