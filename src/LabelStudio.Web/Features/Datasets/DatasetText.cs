using System.Globalization;
using LabelStudio.Data.Datasets;

namespace LabelStudio.Web.Features.Datasets;

/// <summary>How the datasets screens name formats, scopes, sizes and filters.</summary>
public static class DatasetText
{
    public static string Format(string format) => format switch
    {
        "json" => "Label Studio JSON",
        "json-min" => "JSON-MIN",
        "jsonl" => "JSON Lines",
        "csv" => "CSV",
        "tsv" => "TSV",
        "conll" => "CoNLL-2003",
        "parquet" => "Parquet",
        "click-labels" => "Click labels (TSV)",
        _ => format,
    };

    public static string Scope(DatasetScope scope) => scope == DatasetScope.Final ? "Final labels" : "Every annotation";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
    };

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>The filters of a version in a few words, or "All tasks".</summary>
    public static string Filters(DatasetVersionView v)
    {
        var f = v.Filter;
        var parts = new List<string>();
        if (f.BatchIds is { Count: > 0 } b) parts.Add($"{b.Count} batch{(b.Count == 1 ? "" : "es")}");
        if (f.From is { } from) parts.Add($"from {from:yyyy-MM-dd}");
        if (f.To is { } to) parts.Add($"before {to:yyyy-MM-dd}");
        if (f.Labels is { Count: > 0 } l) parts.Add("labels " + string.Join(", ", l));
        if (f.Origins is { Count: > 0 } o) parts.Add("origin " + string.Join(", ", o.Select(x => x.ToString().ToLowerInvariant())));
        if (f.States is { Count: > 0 } s) parts.Add("state " + string.Join(", ", s.Select(x => x.ToString().ToLowerInvariant())));
        if (f.Raters is { Count: > 0 } r) parts.Add($"{r.Count} rater{(r.Count == 1 ? "" : "s")}");
        if (f.IncludeUnlabeled) parts.Add("with unlabeled tasks");
        return parts.Count == 0 ? "All labeled tasks" : string.Join(" · ", parts);
    }

    public static string Split(DatasetSplit? split) => split is null
        ? "No split"
        : string.Create(CultureInfo.InvariantCulture, $"{split.Train * 100:0}/{split.Validation * 100:0}/{split.Test * 100:0}, seed {split.Seed}");
}
