using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Infers a schema from statistics and the labeling configuration, as TFDV's <c>infer_schema</c> does from statistics:
/// the type each field had, its presence, and a string domain for fields with at most
/// <see cref="MaxDomainSize"/> distinct values. Two departures, both to avoid false alarms in a labeling tool: a field
/// the configuration shows (the text being labeled) never gets a domain, and a domain needs values that repeat
/// (at most half as many distinct values as tasks), so a first batch of 30 free-text notes does not become an enum.
/// Fields the configuration reads are required even if the statistics never saw them.
/// </summary>
public static class SchemaInference
{
    /// <summary>TFDV's max_string_domain_size.</summary>
    public const int MaxDomainSize = 100;

    /// <summary>The schema of <paramref name="statistics"/> under <paramref name="config"/> (either may describe nothing yet).</summary>
    public static DataSchema Infer(DataStatistics statistics, LabelingConfiguration? config)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var needed = config?.RequiredDataFields.Select(DataFieldPath.RootKey).ToHashSet(StringComparer.Ordinal) ?? [];
        var fields = new List<FieldSchema>();
        foreach (var (name, field) in statistics.Fields)
        {
            var required = needed.Contains(name);
            IReadOnlyList<string>? domain = null;
            if (!required && field.Type is DataFieldType.String or DataFieldType.Bool or DataFieldType.Int
                && !field.Values.Approximate && field.Distinct <= MaxDomainSize && field.Distinct * 2 <= field.Present)
            {
                domain = field.Values.Counts.Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
            }
            fields.Add(new FieldSchema(name, field.Type, required, statistics.PresenceOf(name), statistics.Tasks, domain));
        }
        foreach (var name in needed.Where(n => !statistics.Fields.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            fields.Add(new FieldSchema(name, DataFieldType.String, true, 0, statistics.Tasks, null));
        }
        var controls = config?.Controls.Select(c => new ControlSchema(c.Name, c.ResultType, c switch
        {
            ChoicesControl choices => choices.Options.Select(o => o.Value).ToList(),
            LabelsControl labels => labels.Labels.Select(l => l.Value).ToList(),
            RatingControl rating => Enumerable.Range(1, rating.MaxRating).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            _ => null,
        })).ToList() ?? [];
        return new DataSchema(fields.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), controls);
    }
}
