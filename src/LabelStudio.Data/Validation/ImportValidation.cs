using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Validation;

/// <summary>
/// Validation riding along one import: the blocking row checks (<see cref="ImportRowChecker"/>), the batch's streaming
/// statistics, and at the end the warnings against the schema inferred from the project's earlier batches and its
/// labeling configuration. The first batch of a project has nothing to compare with, so it gets no warnings.
/// </summary>
internal sealed class ImportValidation
{
    private readonly ImportRowChecker _checker;
    private readonly DataStatistics _reference;
    private readonly DataSchema _schema;
    private readonly DriftThresholds _thresholds;

    private ImportValidation(LabelingConfiguration config, bool allowDuplicates, DataStatistics reference, DriftThresholds thresholds)
    {
        _checker = new ImportRowChecker(config, allowDuplicates);
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
        return new ImportValidation(config, allowDuplicates, reference, thresholds);
    }

    /// <summary>The errors of one task (see <see cref="ImportRowChecker"/>).</summary>
    public IEnumerable<ImportError> Check(ImportedTask task) => _checker.Check(task);

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
}
