using System.Security.Cryptography;
using System.Text;
using LabelStudio.Data.Database;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Import;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>Reads the lineage of a version being built: the batches, configurations, raters, resolutions and click-log
/// ingests behind its items, with names as they are now (frozen into the version).</summary>
internal static class DatasetLineageReader
{
    /// <param name="clickGeneration">The click generation the version recorded: its evidence ingests are the click-log lineage.</param>
    public static async Task<DatasetLineage> ReadAsync(AppDbContext db, long projectId, DatasetBuilder.BuildState build, long? clickGeneration,
        CancellationToken ct)
    {
        var batchIds = build.Batches.Keys.ToList();
        var batches = await db.ImportBatches.AsNoTracking().Where(b => batchIds.Contains(b.Id)).OrderBy(b => b.Id).ToListAsync(ct);
        var configs = await db.LabelConfigVersions.AsNoTracking().Where(c => c.ProjectId == projectId).OrderBy(c => c.Version).ToListAsync(ct);
        var raterIds = build.Raters.Keys.ToList();
        var users = await db.Users.AsNoTracking().Where(u => raterIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        var evidenceJson = await db.FeedbackIngests.AsNoTracking().Where(i => i.Id == clickGeneration && i.ProjectId == projectId)
            .Select(i => i.EvidenceIngestIdsJson).FirstOrDefaultAsync(ct);
        var evidenceIds = FeedbackJson.Read<List<long>>(evidenceJson);
        var ingests = await db.FeedbackIngests.AsNoTracking().Where(i => evidenceIds.Contains(i.Id)).OrderBy(i => i.Id).ToListAsync(ct);
        var pairs = await db.FeedbackPairEvidence.AsNoTracking().Where(e => evidenceIds.Contains(e.IngestId)).GroupBy(e => e.IngestId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new DatasetLineage(
            [.. batches.Select(b => new LineageBatch(b.Id, b.FileName, b.Sha256, b.SizeBytes, b.Format, b.ImportedAt, build.Batches[b.Id]))],
            [.. configs.Select(c => new LineageConfig(c.Version, Sha256(c.Xml), c.CreatedAt))],
            [.. build.Raters.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new LineageRater(r.Key,
                users.TryGetValue(r.Key, out var u) ? (string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? r.Key : u.DisplayName)
                : r.Key == ClickFeedbackSource.RaterId ? ClickFeedbackSource.DisplayName : "(deleted user)", r.Value))],
            new LineageResolutions(build.Resolutions.Count, [.. build.Resolutions]),
            [.. ingests.Select(i =>
            {
                var counters = FeedbackJson.Read<FeedbackCounters>(i.CountersJson);
                return new LineageIngest(i.Id, i.FileName, i.Sha256, i.SizeBytes, i.Format, i.FinishedAt, counters.Lines, counters.MalformedLines,
                    counters.ImpressionsKept, pairs.GetValueOrDefault(i.Id));
            })]);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
