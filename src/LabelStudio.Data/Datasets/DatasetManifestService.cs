using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// A version's manifest (JSON: what it is, what it was made from, its statistics and files with their SHA-256) and its
/// dataset card (Markdown for people). Both come only from what was stored with the version, so they read the same
/// every time and on every machine.
/// </summary>
public sealed class DatasetManifestService(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<JsonObject> ManifestAsync(long versionId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await DatasetService.RequireReadyAsync(db, versionId, actor, ct);
        var files = await db.DatasetFiles.AsNoTracking().Where(f => f.DatasetVersionId == versionId).ToListAsync(ct);
        return Manifest(version, files);
    }

    public async Task<string> CardAsync(long versionId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await DatasetService.RequireReadyAsync(db, versionId, actor, ct);
        var view = (await DatasetViews.BuildAsync(db, [version], ct))[0];
        return Card(version, view);
    }

    public static JsonObject Manifest(DatasetVersion v, IReadOnlyList<DatasetFile> files)
    {
        var order = DatasetFormats.Names.ToList();
        return new JsonObject
        {
            ["manifest_version"] = 1,
            ["dataset"] = new JsonObject
            {
                ["id"] = v.Id, ["project_id"] = v.ProjectId, ["number"] = v.Number, ["name"] = v.Name, ["description"] = v.Description,
                ["created_by"] = v.CreatedById, ["created_at"] = JsonOutput.Time(v.CreatedAt), ["parent_id"] = v.ParentId,
                ["scope"] = v.Scope == DatasetScope.Final ? "final" : "all",
                ["filter"] = JsonNode.Parse(v.FilterJson), ["split"] = v.SplitJson is null ? null : JsonNode.Parse(v.SplitJson),
                ["content_sha256"] = v.ContentSha256,
            },
            ["config"] = new JsonObject { ["version"] = v.ConfigVersion, ["sha256"] = v.ConfigSha256, ["label_schema"] = v.LabelSchema },
            ["consensus"] = JsonNode.Parse(v.ConsensusJson),
            ["consensus_run"] = v.ConsensusRunId,
            ["watermarks"] = new JsonObject
            {
                ["task"] = v.TaskWatermark, ["annotation"] = v.AnnotationWatermark, ["gold"] = v.GoldWatermark,
                ["resolution"] = v.ResolutionWatermark, ["prediction"] = v.PredictionWatermark, ["outcome"] = v.OutcomeWatermark,
            },
            ["counts"] = new JsonObject { ["tasks"] = v.TaskCount, ["rows"] = v.RowCount },
            ["statistics"] = JsonNode.Parse(v.StatsJson),
            ["data_statistics"] = JsonNode.Parse(v.DataStatisticsJson),
            ["lineage"] = JsonNode.Parse(v.LineageJson),
            ["files"] = new JsonArray([.. files.OrderBy(f => f.Format == DatasetClickLabelFile.Format ? int.MaxValue : order.IndexOf(f.Format)).Select(f => (JsonNode)new JsonObject
            {
                ["format"] = f.Format,
                ["file"] = DatasetFormats.Find(f.Format) is { } format ? DatasetService.FileName(v, format) : DatasetClickLabelFile.DownloadName(v),
                ["sha256"] = f.Sha256,
                ["bytes"] = f.SizeBytes, ["records"] = f.RowCount,
            })]),
        };
    }

    public static string Card(DatasetVersion v, DatasetVersionView view)
    {
        var stats = DatasetService.ParseStats(v);
        var lineage = JsonSerializer.Deserialize<DatasetLineage>(v.LineageJson, JobOutcome.Json);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"# {v.Name}");
        md.AppendLine();
        md.AppendLine(c, $"Version {v.Number} of the labeled data of project **{view.ProjectName}**, created {v.CreatedAt:yyyy-MM-dd HH:mm} UTC by {view.CreatedBy}.");
        if (!string.IsNullOrWhiteSpace(v.Description)) md.AppendLine().AppendLine(v.Description);
        md.AppendLine();
        md.AppendLine("## What it is");
        md.AppendLine();
        md.AppendLine(v.Scope == DatasetScope.Final
            ? string.Create(c, $"- One final label per task: {stats.Tasks:N0} tasks.")
            : string.Create(c, $"- Every current annotation: {stats.Rows:N0} annotations of {stats.Tasks:N0} tasks."));
        md.AppendLine(c, $"- Labeling configuration version {v.ConfigVersion} (SHA-256 `{v.ConfigSha256[..Math.Min(12, v.ConfigSha256.Length)]}`).");
        md.AppendLine(c, $"- Parent: {(view.ParentNumber is { } p ? $"version {p}" : "none (first version)")}.");
        if (view.Split is { } split) md.AppendLine(c, $"- Split (stratified by label, seed {split.Seed}): train {split.Train:P0}, validation {split.Validation:P0}, test {split.Test:P0}.");
        md.AppendLine(c, $"- Content SHA-256 `{v.ContentSha256}`.");
        md.AppendLine(v.ConsensusRunId is { } run
            ? string.Create(c, $"- Consensus run {run} (outcomes as of revision {v.OutcomeWatermark}); the version can be rebuilt from it and compared.")
            : "- No consensus run yet: final labels come from resolutions, gold answers and outcomes scored at submit time.");
        md.AppendLine();
        md.AppendLine("## Label schema");
        md.AppendLine();
        foreach (var part in v.LabelSchema.Split("; ", StringSplitOptions.RemoveEmptyEntries)) md.AppendLine(c, $"- {part}");
        md.AppendLine();
        md.AppendLine("## Statistics");
        foreach (var control in stats.Controls.Where(x => x.Labels.Count > 0))
        {
            md.AppendLine();
            md.AppendLine(c, $"| {control.Control} | tasks | share |");
            md.AppendLine("|---|---:|---:|");
            foreach (var label in control.Labels)
            {
                md.AppendLine(c, $"| {label.Value} | {label.Count:N0} | {(stats.Tasks == 0 ? 0 : (double)label.Count / stats.Tasks):P1} |");
            }
        }
        md.AppendLine();
        md.AppendLine(c, $"Origins: {string.Join(", ", stats.Origins.Select(o => $"{o.Value} {o.Count:N0}"))}.");
        if (stats.Splits.Count > 0) md.AppendLine(c, $"Splits: {string.Join(", ", stats.Splits.Select(s => $"{s.Value} {s.Count:N0}"))}.");
        md.AppendLine();
        md.AppendLine("## Agreement");
        md.AppendLine();
        md.AppendLine(stats.MeanAgreement is { } mean
            ? string.Create(c, $"Mean agreement of the raters on the primary control: {mean:0.000}. Ratings per task: {string.Join(", ", stats.Ratings.Select(r => $"{r.Value}: {r.Count:N0}"))}.")
            : "No agreement measured (no task has ratings).");
        md.AppendLine();
        md.AppendLine("## Lineage");
        md.AppendLine();
        if (lineage is not null)
        {
            md.AppendLine(c, $"- {lineage.ImportBatches.Count} import batches: {string.Join(", ", lineage.ImportBatches.Take(10).Select(b => $"{b.FileName} (`{b.Sha256[..Math.Min(12, b.Sha256.Length)]}`)"))}{(lineage.ImportBatches.Count > 10 ? ", ..." : "")}.");
            md.AppendLine(c, $"- {lineage.Raters.Count} raters, {lineage.Resolutions.Count} lead resolutions, {lineage.ClickLogIngests.Count} click-log ingests.");
        }
        md.AppendLine();
        md.AppendLine("## Known caveats");
        md.AppendLine();
        foreach (var caveat in Caveats(v, stats)) md.AppendLine(c, $"- {caveat}");
        return md.ToString();
    }

    private static IEnumerable<string> Caveats(DatasetVersion v, DatasetStats stats)
    {
        var any = false;
        foreach (var control in stats.Controls.Where(x => x.Labels.Count > 1))
        {
            var top = control.Labels.MaxBy(l => l.Count)!;
            if (stats.Tasks > 0 && (double)top.Count / stats.Tasks > 0.8)
            {
                any = true;
                yield return string.Create(CultureInfo.InvariantCulture, $"Imbalanced: \"{top.Value}\" is {(double)top.Count / stats.Tasks:P0} of {control.Control}.");
            }
            foreach (var rare in control.Labels.Where(l => l.Count < 10))
            {
                any = true;
                yield return string.Create(CultureInfo.InvariantCulture, $"Few examples: \"{rare.Value}\" of {control.Control} has {rare.Count}.");
            }
        }
        if (stats.MeanAgreement is < 0.7)
        {
            any = true;
            yield return string.Create(CultureInfo.InvariantCulture, $"Low agreement ({stats.MeanAgreement:0.00}): labels are noisier than usual.");
        }
        if (stats.Origins.FirstOrDefault(o => o.Value == "none") is { Count: > 0 } none)
        {
            any = true;
            yield return $"{none.Count:N0} tasks have no final label (included on request).";
        }
        if (v.Scope == DatasetScope.All)
        {
            any = true;
            yield return "Every annotation is a row: the same task appears once per rater, with disagreements.";
        }
        if (!any) yield return "None detected.";
    }
}
