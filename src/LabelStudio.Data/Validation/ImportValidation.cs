using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Validation;

/// <summary>
/// Validation riding along one import: the blocking row checks (<see cref="ImportRowChecker"/>), duplicates of tasks
/// already published in the project (<see cref="PublishedDuplicateProbe"/>, unless duplicates are allowed), the
/// batch's streaming statistics, and at the end the warnings against the schema inferred from the project's earlier
/// batches and its labeling configuration. The first batch of a project has nothing to compare with, so it gets no warnings.
/// </summary>
internal sealed class ImportValidation : IAsyncDisposable
{
    private readonly ImportRowChecker _checker;
    private readonly PublishedDuplicateProbe? _published;
    private readonly DataStatistics _reference;
    private readonly DataSchema _schema;
    private readonly DriftThresholds _thresholds;

    private ImportValidation(LabelingConfiguration config, bool allowDuplicates, DataStatistics reference, DriftThresholds thresholds,
        PublishedDuplicateProbe? published)
    {
        _checker = new ImportRowChecker(config, allowDuplicates);
        _published = published;
        _reference = reference;
        _schema = SchemaInference.Infer(reference, config);
        _thresholds = thresholds;
    }

    /// <summary>The batch's statistics so far.</summary>
    public DataStatistics Statistics { get; } = new();

    public static async Task<ImportValidation> StartAsync(IDbContextFactory<AppDbContext> dbFactory, long projectId,
        LabelingConfiguration config, bool allowDuplicates, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reference = await ProjectStatistics.OfBatchesAsync(db, projectId, null, ct);
        var thresholds = await ProjectStatistics.ThresholdsAsync(db, projectId, ct);
        return new ImportValidation(config, allowDuplicates, reference, thresholds,
            allowDuplicates ? null : new PublishedDuplicateProbe(dbFactory, projectId));
    }

    /// <summary>The errors of one task (see <see cref="ImportRowChecker"/>); <paramref name="hash"/> is its content hash.</summary>
    public IEnumerable<ImportError> Check(ImportedTask task, long hash) => _checker.Check(task, hash);

    /// <summary>
    /// Queues a task for the check against the project's published tasks, which runs a chunk at a time: returns the
    /// duplicates of the chunk it completed, if any. Call it only once the import holds the project's staging batch.
    /// </summary>
    public Task<IReadOnlyList<ImportError>> CheckPublishedAsync(ImportedTask task, long hash, CancellationToken ct) =>
        _published?.AddAsync(task.Line, hash, task.DataJson, ct) ?? Task.FromResult<IReadOnlyList<ImportError>>([]);

    /// <summary>Checks the tasks still queued against the published ones.</summary>
    public Task<IReadOnlyList<ImportError>> FinishPublishedAsync(CancellationToken ct) =>
        _published?.FinishAsync(ct) ?? Task.FromResult<IReadOnlyList<ImportError>>([]);

    /// <summary>Tasks of the file that repeat a task already published in the project.</summary>
    public int PublishedDuplicates => _published?.Found ?? 0;

    /// <summary>Counts a task that will be imported.</summary>
    public void Accept(ImportedTask task) => Statistics.Add(task);

    /// <summary>The batch's warnings (none for a project's first batch).</summary>
    public IReadOnlyList<Anomaly> Warnings() =>
        _reference.Tasks == 0 ? [] : SchemaValidation.Warnings(_schema, Statistics, _reference, _thresholds);

    /// <summary>The snapshot to store with the published batch.</summary>
    public StatisticsSnapshot Snapshot(long projectId, long batchId, IReadOnlyList<Anomaly> warnings, DateTime now) => new()
    {
        ProjectId = projectId,
        SubjectKind = StatisticsSubject.ImportBatch,
        SubjectId = batchId,
        TaskCount = Statistics.Tasks,
        StatisticsJson = StatisticsJson.Serialize(Statistics),
        WarningsJson = StatisticsJson.Serialize(warnings),
        WarningCount = warnings.Count,
        CreatedAt = now,
    };

    public ValueTask DisposeAsync() => _published?.DisposeAsync() ?? ValueTask.CompletedTask;
}
