using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Validation;

/// <summary>
/// Validation reports of a project for its administrators and leads (raters never): each import batch's statistics
/// and warnings, the inferred schema, drift between two batches, rater skew, and training–serving skew of a file of
/// production records. Dataset versions plug in by handing their statistics to the same engine calls.
/// </summary>
public sealed class ValidationService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    IOptions<ImportOptions> options)
{
    /// <summary>Who may, said plainly: the API's 403 body and the Data page's refusal.</summary>
    public const string Refusal = "Only administrators and this project's leads can see its data validation.";

    /// <summary>The project's import batches that have statistics, newest first.</summary>
    public async Task<IReadOnlyList<BatchStatisticsSummary>> BatchesAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        return await SummariesAsync(db, projectId, null, ct);
    }

    /// <summary>One batch's statistics and warnings.</summary>
    public async Task<BatchStatisticsView> BatchAsync(long projectId, long batchId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        var summary = await Summary(db, projectId, batchId, ct);
        var snapshot = await db.StatisticsSnapshots.AsNoTracking()
            .FirstAsync(s => s.SubjectKind == StatisticsSubject.ImportBatch && s.SubjectId == batchId, ct);
        return new BatchStatisticsView(batchId, summary.FileName, summary.ImportedAt, StatisticsJson.Deserialize(snapshot.StatisticsJson),
            StatisticsJson.Deserialize<List<Anomaly>>(snapshot.WarningsJson));
    }

    /// <summary>The schema inferred from all the project's batches and its current labeling configuration.</summary>
    public async Task<DataSchema> SchemaAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        var statistics = await ProjectStatistics.OfBatchesAsync(db, projectId, null, ct);
        return SchemaInference.Infer(statistics, configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml));
    }

    /// <summary>Drift from <paramref name="baselineBatchId"/> to <paramref name="currentBatchId"/> under the project's thresholds.</summary>
    public async Task<BatchDriftView> DriftAsync(long projectId, long baselineBatchId, long currentBatchId, Actor actor,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        var baseline = await Summary(db, projectId, baselineBatchId, ct);
        var current = await Summary(db, projectId, currentBatchId, ct);
        var a = await ProjectStatistics.OfBatchesAsync(db, projectId, [baselineBatchId], ct);
        var b = await ProjectStatistics.OfBatchesAsync(db, projectId, [currentBatchId], ct);
        var thresholds = await ProjectStatistics.ThresholdsAsync(db, projectId, ct);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var textFields = config.RequiredDataFields.Select(LabelStudio.Core.LabelingConfig.DataFieldPath.RootKey);
        return new BatchDriftView(baseline, current, DriftComparison.Compare(a, b, thresholds, textFields));
    }

    /// <summary>Each rater's label distribution per control against the other raters (current annotations, skips left out).</summary>
    public async Task<IReadOnlyList<RaterSkewView>> RaterSkewAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        var statistics = new DataStatistics();
        var rows = db.CurrentAnnotations().AsNoTracking().Where(a => a.ProjectId == projectId && !a.WasSkipped)
            .Select(a => new { a.UserId, a.ImportedAuthor, a.ResultJson }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var rater = row.UserId ?? (row.ImportedAuthor is { } author ? ImportedPrefix + author : null);
            statistics.AddAnnotation(row.ResultJson, rater);
        }
        var thresholds = await ProjectStatistics.ThresholdsAsync(db, projectId, ct);
        var skews = RaterSkewAnalysis.Compute(statistics, thresholds.LInfinity);
        var ids = skews.Select(s => s.Rater).Where(r => !r.StartsWith(ImportedPrefix, StringComparison.Ordinal)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return skews.Select(s => new RaterSkewView(s.Rater, NameOf(s.Rater, names), s.Control, s.Labels, s.Drift)).ToList();
    }

    /// <summary>The project's drift thresholds.</summary>
    public async Task<ValidationSettingsView> SettingsAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        var t = await ProjectStatistics.ThresholdsAsync(db, projectId, ct);
        return new ValidationSettingsView(t.LInfinity, t.JensenShannon);
    }

    /// <summary>Sets the project's drift thresholds (each in (0, 1]).</summary>
    public async Task<ValidationSettingsView> SaveSettingsAsync(long projectId, ValidationSettingsView settings, Actor actor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new Dictionary<string, string[]>();
        if (!(settings.LInfinityThreshold is > 0 and <= 1)) errors["lInfinityThreshold"] = ["The L∞ threshold must be above 0 and at most 1."];
        if (!(settings.JensenShannonThreshold is > 0 and <= 1)) errors["jensenShannonThreshold"] = ["The Jensen–Shannon threshold must be above 0 and at most 1."];
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
        var row = await db.ValidationSettings.FirstOrDefaultAsync(s => s.ProjectId == projectId, ct);
        if (row is null) db.ValidationSettings.Add(row = new ValidationSettings { ProjectId = projectId });
        row.LInfinityThreshold = settings.LInfinityThreshold;
        row.JensenShannonThreshold = settings.JensenShannonThreshold;
        await db.SaveChangesAsync(ct);
        return settings;
    }

    /// <summary>
    /// Training–serving skew of the production records in <paramref name="path"/> (any import format) against the
    /// project's batches, or one batch. Like an import, a file with a record the reader cannot use is refused, with the
    /// first 100 problems named by line and field.
    /// </summary>
    public async Task<ServingValidationView> ValidateServingAsync(long projectId, long? batchId, string path, string fileName,
        Actor actor, CancellationToken ct = default)
    {
        DataStatistics training;
        string against;
        LabelStudio.Core.LabelingConfig.LabelingConfiguration config;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct, refusal: Refusal);
            config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
            if (batchId is { } id)
            {
                var summary = await Summary(db, projectId, id, ct);
                against = $"import batch {id} ({summary.FileName})";
            }
            else
            {
                against = $"project {projectId} (all imported batches)";
            }
            training = await ProjectStatistics.OfBatchesAsync(db, projectId, batchId is { } b ? [b] : null, ct);
        }
        return await CompareServingAsync(projectId, training, config, against, path, fileName, ct);
    }

    /// <summary>
    /// Training–serving skew of the production records in <paramref name="path"/> against a ready dataset version: its
    /// stored statistics (computed while it was built) and the configuration version it was made with.
    /// </summary>
    public async Task<ServingValidationView> ValidateServingAgainstVersionAsync(long versionId, string path, string fileName, Actor actor,
        CancellationToken ct = default)
    {
        DataStatistics training;
        LabelStudio.Core.LabelingConfig.LabelingConfiguration config;
        Datasets.DatasetVersion version;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            version = await Datasets.DatasetService.RequireReadyAsync(db, versionId, actor, ct);
            if (version.DataStatisticsJson.Length <= 2)
            {
                throw new ConflictException($"Version {version.Number} was made before versions kept data statistics; nothing to compare with.");
            }
            training = StatisticsJson.Deserialize(version.DataStatisticsJson);
            config = configs.Get(version.ProjectId, version.ConfigVersion, await Datasets.DatasetService.ConfigXmlAsync(db, version, ct));
        }
        return await CompareServingAsync(version.ProjectId, training, config, $"dataset version {version.Number} ({version.Name})", path, fileName, ct);
    }

    private async Task<ServingValidationView> CompareServingAsync(long projectId, DataStatistics training,
        LabelStudio.Core.LabelingConfig.LabelingConfiguration config, string against, string path, string fileName, CancellationToken ct)
    {
        var serving = new DataStatistics();
        var errors = new List<string>();
        var errorCount = 0;
        try
        {
            await using var file = File.OpenRead(path);
            var format = ImportFormatDetector.FromFileName(fileName) ?? ImportFormat.JsonLines;
            foreach (var record in TaskFileReader.Read(file, format, options.Value.Limits))
            {
                ct.ThrowIfCancellationRequested();
                if (record.Task is { } task) serving.AddTask(task.DataJson);
                else if (++errorCount <= ImportOutcome.MaxReportedErrors) errors.Add(record.Error!.ToString());
            }
        }
        catch (ImportFormatException e)
        {
            throw new DomainValidationException($"The production records in {fileName} cannot be read: {e.Message}");
        }
        if (errorCount > 0)
        {
            throw new DomainValidationException([$"{errorCount} record(s) of {fileName} cannot be read; nothing was compared.", .. errors]);
        }
        if (serving.Tasks == 0) throw new DomainValidationException($"{fileName} holds no records.");
        var thresholds = await ThresholdsAsync(projectId, ct);
        return new ServingValidationView(against, fileName, ServingSkew.Compare(training, serving, config, thresholds));
    }

    private async Task<DriftThresholds> ThresholdsAsync(long projectId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ProjectStatistics.ThresholdsAsync(db, projectId, ct);
    }

    private const string ImportedPrefix = "imported:";

    private static string NameOf(string rater, Dictionary<string, string> names) =>
        rater.StartsWith(ImportedPrefix, StringComparison.Ordinal) ? $"{rater[ImportedPrefix.Length..]} (imported)"
        : names.GetValueOrDefault(rater) ?? "unknown user";

    private static async Task<List<BatchStatisticsSummary>> SummariesAsync(AppDbContext db, long projectId, long? batchId,
        CancellationToken ct)
    {
        var query = from b in db.ImportBatches.AsNoTracking()
                    join s in db.StatisticsSnapshots.AsNoTracking() on b.Id equals s.SubjectId
                    where b.ProjectId == projectId && b.State == ImportBatchState.Published && s.SubjectKind == StatisticsSubject.ImportBatch
                    select new { b.Id, b.FileName, b.ImportedAt, s.TaskCount, s.WarningCount };
        if (batchId is { } id) query = query.Where(r => r.Id == id);
        var rows = await query.OrderByDescending(r => r.Id).ToListAsync(ct);
        return rows.Select(r => new BatchStatisticsSummary(r.Id, r.FileName, r.ImportedAt, r.TaskCount, r.WarningCount)).ToList();
    }

    private static async Task<BatchStatisticsSummary> Summary(AppDbContext db, long projectId, long batchId, CancellationToken ct) =>
        (await SummariesAsync(db, projectId, batchId, ct)).FirstOrDefault()
        ?? throw new NotFoundException($"Import batch {batchId} of project {projectId} has no statistics (it does not exist, or it was imported before statistics were kept).");
}
