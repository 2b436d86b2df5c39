using LabelStudio.Quality;
using System.Collections.Concurrent;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>
/// The latest snapshot's Dawid–Skene model per project, parsed once: submit-time scoring then costs one indexed
/// lookup of the latest snapshot id instead of parsing the model JSON on every submit.
/// </summary>
public sealed class ScoringModelCache
{
    private readonly ConcurrentDictionary<long, (long SnapshotId, ScoringModel? Model)> _byProject = new();

    public async Task<ScoringModel?> GetAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var latest = await db.QualitySnapshots.AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderByDescending(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        if (latest is not { } snapshotId) return null;
        if (_byProject.TryGetValue(projectId, out var cached) && cached.SnapshotId == snapshotId)
        {
            return cached.Model;
        }
        var json = await db.QualitySnapshots.AsNoTracking().Where(s => s.Id == snapshotId)
            .Select(s => s.DawidSkeneModelJson).FirstOrDefaultAsync(ct);
        var model = ScoringModel.From(snapshotId, StoredDawidSkeneModel.FromJson(json));
        Set(projectId, model, snapshotId);
        return model;
    }

    /// <summary>Called by the recompute with the model it just stored.</summary>
    public void Set(long projectId, ScoringModel? model, long snapshotId) => _byProject[projectId] = (snapshotId, model);
}
