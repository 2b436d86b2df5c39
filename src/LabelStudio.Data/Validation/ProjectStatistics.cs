using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Validation;

/// <summary>Reads stored statistics: one subject's, or a project's published import batches merged.</summary>
internal static class ProjectStatistics
{
    /// <summary>The merged statistics of the project's published import batches (optionally only those listed).</summary>
    public static async Task<DataStatistics> OfBatchesAsync(AppDbContext db, long projectId, IReadOnlyCollection<long>? batchIds,
        CancellationToken ct)
    {
        var published = db.ImportBatches.Where(b => b.ProjectId == projectId && b.State == ImportBatchState.Published).Select(b => b.Id);
        var query = db.StatisticsSnapshots.AsNoTracking()
            .Where(s => s.ProjectId == projectId && s.SubjectKind == StatisticsSubject.ImportBatch && published.Contains(s.SubjectId));
        if (batchIds is not null) query = query.Where(s => batchIds.Contains(s.SubjectId));
        var merged = new DataStatistics();
        await foreach (var json in query.OrderBy(s => s.SubjectId).Select(s => s.StatisticsJson).AsAsyncEnumerable().WithCancellation(ct))
        {
            merged.Merge(StatisticsJson.Deserialize(json));
        }
        return merged;
    }

    /// <summary>The project's drift thresholds (the defaults when it has none stored).</summary>
    public static async Task<DriftThresholds> ThresholdsAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var settings = await db.ValidationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct);
        return settings is null ? DriftThresholds.Default : new DriftThresholds(settings.LInfinityThreshold, settings.JensenShannonThreshold);
    }
}
