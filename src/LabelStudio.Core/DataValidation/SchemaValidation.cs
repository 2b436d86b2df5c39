using System.Globalization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Checks a new batch's statistics against the project's schema (and, for distribution shifts, against the statistics
/// the schema came from). Everything found here is a warning: the batch imports, and the warnings are stored and shown.
/// </summary>
public static class SchemaValidation
{
    /// <summary>The most new values listed in one message.</summary>
    private const int ListedValues = 5;

    /// <summary>The warnings for <paramref name="batch"/> against <paramref name="schema"/>.</summary>
    public static IReadOnlyList<Anomaly> Warnings(DataSchema schema, DataStatistics batch, DataStatistics? reference = null,
        DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batch);
        var warnings = new List<Anomaly>();
        if (batch.Tasks == 0) return warnings;
        var known = schema.Fields.Where(f => f.Tasks > 0 && f.Presence > 0).ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (known.Count > 0)
        {
            foreach (var name in batch.Fields.Keys.Where(n => !known.ContainsKey(n)))
            {
                warnings.Add(new Anomaly(AnomalySeverity.Warning, AnomalyKind.NewField, name,
                    $"New field \"{name}\": earlier batches never had it ({Count(batch.Fields[name].Present)} of {Count(batch.Tasks)} tasks here do)."));
            }
        }
        foreach (var field in known.Values)
        {
            if (!batch.Fields.TryGetValue(field.Name, out var stats))
            {
                warnings.Add(new Anomaly(AnomalySeverity.Warning, AnomalyKind.VanishedField, field.Name,
                    $"Field \"{field.Name}\" is missing from all {Count(batch.Tasks)} tasks; earlier batches had it in {Percent(field.Presence)} of tasks."));
                continue;
            }
            if (TypeChanged(field.Type, stats.Type))
            {
                warnings.Add(new Anomaly(AnomalySeverity.Warning, AnomalyKind.TypeChange, field.Name,
                    $"Field \"{field.Name}\" was {Name(field.Type)} and is now {Name(stats.Type)}."));
            }
            var presence = batch.PresenceOf(field.Name);
            var bound = NoiseBand.PresenceLowerBound(field.Presence, batch.Tasks);
            if (presence < bound)
            {
                warnings.Add(new Anomaly(AnomalySeverity.Warning, AnomalyKind.PresenceDrop, field.Name,
                    $"Field \"{field.Name}\" is present in {Percent(presence)} of tasks, below the {Percent(bound)} that sampling noise allows " +
                    $"(earlier batches: {Percent(field.Presence)})."));
            }
            if (field.Domain is { } domain)
            {
                var allowed = domain.ToHashSet(StringComparer.Ordinal);
                var fresh = stats.Values.Counts.Where(c => !allowed.Contains(c.Value)).ToList();
                if (fresh.Count > 0)
                {
                    var listed = string.Join(", ", fresh.Take(ListedValues).Select(c => $"\"{c.Value}\" ({Count(c.Count)})"));
                    warnings.Add(new Anomaly(AnomalySeverity.Warning, AnomalyKind.NewValues, field.Name,
                        $"Field \"{field.Name}\" has {fresh.Count} value(s) earlier batches never had: {listed}{(fresh.Count > ListedValues ? ", …" : "")}."));
                }
            }
        }
        if (reference is not null)
        {
            foreach (var drift in DriftComparison.Compare(reference, batch, thresholds, TextFields(schema)).Drifted)
            {
                warnings.Add(new Anomaly(AnomalySeverity.Warning, AnomalyKind.DistributionShift, drift.Name, Describe(drift)));
            }
        }
        return warnings;
    }

    /// <summary>The fields the configuration shows, compared by length rather than as categories.</summary>
    public static IEnumerable<string> TextFields(DataSchema schema) =>
        (schema ?? throw new ArgumentNullException(nameof(schema))).Fields.Where(f => f.RequiredByConfig).Select(f => f.Name);

    /// <summary>A sentence describing a drift figure.</summary>
    public static string Describe(FieldDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var what = drift.Subject switch
        {
            DriftSubject.TextLength => $"The text length of \"{drift.Name}\"",
            DriftSubject.Labels => $"The labels of \"{drift.Name}\"",
            DriftSubject.PredictionLabels => $"The predicted labels of \"{drift.Name}\"",
            _ => $"The values of \"{drift.Name}\"",
        };
        var measure = drift.Measure == DriftMeasure.LInfinity ? "L∞" : "Jensen–Shannon";
        var moved = drift.MovedValue is null ? "" :
            $"; \"{drift.MovedValue}\" moved most ({Percent(drift.BaselineShare ?? 0)} → {Percent(drift.CurrentShare ?? 0)})";
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} shifted: {measure} {drift.Distance:0.000} above the threshold {drift.Threshold:0.###} and the noise band {drift.NoiseBand:0.000}{moved}.");
    }

    private static bool TypeChanged(DataFieldType was, DataFieldType now) =>
        was != DataFieldType.None && now != DataFieldType.None && was != now && !(was == DataFieldType.Float && now == DataFieldType.Int);

    private static string Name(DataFieldType type) => type switch
    {
        DataFieldType.String => "text",
        DataFieldType.Int => "whole numbers",
        DataFieldType.Float => "numbers",
        DataFieldType.Bool => "true/false",
        DataFieldType.Object => "objects",
        DataFieldType.Array => "lists",
        DataFieldType.Mixed => "of mixed types",
        _ => "empty",
    };

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double p) => p.ToString("0.#%", CultureInfo.InvariantCulture);
}
