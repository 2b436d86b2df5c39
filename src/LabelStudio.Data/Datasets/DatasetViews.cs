using System.Text.Json;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>Turns versions into <see cref="DatasetVersionView"/>s with their project, creator, parent and files.</summary>
internal static class DatasetViews
{
    public static async Task<List<DatasetVersionView>> BuildAsync(AppDbContext db, IReadOnlyList<DatasetVersion> versions, CancellationToken ct)
    {
        var ids = versions.Select(v => v.Id).ToList();
        var projectIds = versions.Select(v => v.ProjectId).Distinct().ToList();
        var userIds = versions.Where(v => v.CreatedById != null).Select(v => v.CreatedById!).Distinct().ToList();
        var parentIds = versions.Where(v => v.ParentId != null).Select(v => v.ParentId!.Value).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        var parents = await db.DatasetVersions.AsNoTracking().Where(v => parentIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Number, ct);
        var files = (await db.DatasetFiles.AsNoTracking().Where(f => ids.Contains(f.DatasetVersionId)).ToListAsync(ct))
            .ToLookup(f => f.DatasetVersionId);
        return [.. versions.Select(v => new DatasetVersionView(v.Id, v.ProjectId, projects.GetValueOrDefault(v.ProjectId) ?? "", v.Number, v.Name,
            v.Description, v.CreatedById is { } by && users.TryGetValue(by, out var u) ? (string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? by : u.DisplayName) : "command line",
            v.CreatedAt, v.ParentId, v.ParentId is { } p ? parents.GetValueOrDefault(p) : null, v.Scope,
            JsonSerializer.Deserialize<DatasetFilter>(v.FilterJson, JobOutcome.Json) ?? new DatasetFilter(),
            v.SplitJson is null ? null : JsonSerializer.Deserialize<DatasetSplit>(v.SplitJson, JobOutcome.Json),
            v.ConfigVersion, v.LabelSchema, v.State, v.JobId, v.Failure, v.TaskCount, v.RowCount, v.ContentSha256,
            [.. files[v.Id].OrderBy(f => f.Format == DatasetClickLabelFile.Format ? int.MaxValue : DatasetFormats.Names.ToList().IndexOf(f.Format))
                .Select(f => new DatasetFileView(f.Format, f.Sha256, f.SizeBytes, f.RowCount, f.CreatedAt))],
            Supported(v), v.ConsensusRunId))];
    }

    /// <summary>
    /// The files a version offers: every format except CoNLL-2003 without span labels or for every annotation, and the
    /// click-label file when the project had click labels when it was built.
    /// </summary>
    public static IReadOnlyList<string> Supported(DatasetVersion v) =>
    [
        .. DatasetFormats.Names.Where(f => f != "conll" || (v.Scope == DatasetScope.Final && v.LabelSchema.Contains("(labels)", StringComparison.Ordinal))),
        .. DatasetClickInputs.Recorded(v) ? [DatasetClickLabelFile.Format] : Array.Empty<string>(),
    ];
}
