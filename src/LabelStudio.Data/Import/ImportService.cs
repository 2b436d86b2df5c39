using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Import;

/// <summary>
/// Imports a task file in one streaming pass, all-or-nothing: tasks are staged in short chunks while they stream in,
/// invisible to raters, and published together in one small transaction. The first invalid task stops the writing
/// (reading goes on to collect up to 100 errors) and the staged rows are discarded. Memory does not grow with the
/// file, and no transaction lasts longer than a chunk. Every import is a job (queued by the web app, run inline by
/// the command line), so an interrupted one is cleaned up at the next start.
/// </summary>
public sealed class ImportService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, BulkTaskWriter writer,
    JobService jobs, WorkDirectories work, IOptions<ImportOptions> options, Quality.QualityRecomputeQueue recompute, TimeProvider clock)
{
    public const string JobKind = "import";
    private const int ProgressEvery = 2000;

    /// <summary>Imports a file now, in this process (the command line, benchmarks).</summary>
    public async Task<ImportOutcome> ImportFileAsync(long projectId, string path, string fileName, Actor actor,
        Action<JobProgress>? progress = null, CancellationToken ct = default, ImportParameters? parameters = null)
    {
        ProjectService.RequireAdmin(actor);
        var job = await jobs.RunInlineAsync(JobKind, projectId, actor, fileName, path, parameters, progress, ct);
        return await OutcomeAsync(job, ct);
    }

    /// <summary>Imports the content of a stream now, in this process (the demo seeder, tests).</summary>
    public async Task<ImportOutcome> ImportAsync(long projectId, Stream content, string fileName, Actor actor,
        CancellationToken ct = default, ImportParameters? parameters = null)
    {
        ProjectService.RequireAdmin(actor);
        var spool = await UploadSpool.SaveAsync(content, work.NewUploadPath(), options.Value.MaxUploadBytes, "import", ct);
        try
        {
            return await ImportFileAsync(projectId, spool, fileName, actor, null, ct, parameters);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <summary>The import's outcome as the API reports it, from its finished job.</summary>
    public async Task<ImportOutcome> OutcomeAsync(JobView job, CancellationToken ct = default)
    {
        var result = job.ResultAs<ImportJobResult>();
        if (job.State == JobState.Succeeded && result?.BatchId is { } batchId)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await db.ImportBatches.AsNoTracking().FirstAsync(b => b.Id == batchId, ct);
            return new ImportOutcome(batch, [], 0, job.Id, result.Warnings ?? []);
        }
        if (result is { TotalErrors: > 0 })
        {
            return new ImportOutcome(null, result.Errors, result.TotalErrors, job.Id, ExistingDuplicates: result.ExistingDuplicates);
        }
        return new ImportOutcome(null, [new ImportError(0, null, job.Message ?? "The import did not finish.")], 1, job.Id);
    }

    /// <summary>Runs an import job (see <see cref="ImportJobHandler"/>).</summary>
    internal async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var projectId = run.ProjectId ?? throw new DomainValidationException("An import needs a project.");
        Project project;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        }
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        await using var validation = await ImportValidation.StartAsync(dbFactory, projectId, config,
            ImportParameters.From(run.ParametersJson).AllowDuplicates, ct);

        await using var file = new FileStream(run.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.SequentialScan);
        var total = file.Length;
        using var hashing = new HashingReadStream(file);
        var format = DetectFormat(run.FileName, file);
        // Opening the batch waits for any other job staging into the project, so the check against its published tasks
        // below sees whatever an import running at the same time published.
        await using var staged = await writer.BeginAsync(projectId, run.FileName, format.ToString(), run.JobId,
            run.CreatedById, () => run.ReportAsync("waiting for another import into this project", 0, total), ct);
        await run.ReportAsync("importing", 0, total);

        var errors = new ImportErrorList();
        var records = 0;
        try
        {
            foreach (var record in TaskFileReader.Read(hashing, format, options.Value.Limits))
            {
                ct.ThrowIfCancellationRequested();
                records++;
                if (record.Error is { } rowError)
                {
                    errors.Add(rowError);
                    continue;
                }

                var task = record.Task!;
                if (records == 1 && MissingHeader(format, task, config) is { } headerError)
                {
                    return await FailAsync(staged, run, [headerError], 1);
                }
                var hash = task.ContentHash ?? TaskContentHash.Of(task.DataJson);
                errors.AddRange(validation.Check(task, hash));
                // After the first error nothing more is written; reading goes on to report further errors.
                if (errors.Total == 0)
                {
                    validation.Accept(task);
                    await staged.AddAsync(StagedTask.From(task, hash), ct);
                }
                errors.AddRange(await validation.CheckPublishedAsync(task, hash, ct));
                if (records % ProgressEvery == 0)
                {
                    await run.ReportAsync(errors.Total == 0 ? "importing" : "checking the rest of the file", hashing.BytesRead, total);
                }
            }
            errors.AddRange(await validation.FinishPublishedAsync(ct));
        }
        catch (ImportFormatException e)
        {
            errors.Add(new ImportError(e.Line ?? 0, null, e.Message));
            return await FailAsync(staged, run, errors.Reported, errors.Total, validation.PublishedDuplicates);
        }

        if (errors.Total > 0) return await FailAsync(staged, run, errors.Reported, errors.Total, validation.PublishedDuplicates);
        if (staged.Tasks == 0) return await FailAsync(staged, run, [new ImportError(0, null, "The file contains no tasks.")], 1);

        await run.ReportAsync("publishing", total, total);
        await staged.FlushAsync(ct);
        var sha = hashing.HashHex();
        var warnings = validation.Warnings();
        var outcome = JobOutcome.Succeeded(
            $"Imported {staged.Tasks:N0} tasks from {run.FileName} ({staged.Annotations:N0} annotations, {staged.Predictions:N0} predictions)" +
            (warnings.Count == 0 ? "." : $", with {warnings.Count} warning(s)."),
            new ImportJobResult(staged.BatchId, staged.Tasks, staged.Annotations, staged.Predictions, staged.GoldAnswers, sha, 0, [], warnings));
        var snapshot = validation.Snapshot(projectId, staged.BatchId, warnings, clock.GetUtcNow().UtcDateTime);
        await staged.PublishAsync(run.JobId, outcome, sha, hashing.BytesRead, async db =>
        {
            db.StatisticsSnapshots.Add(snapshot);
            await db.SaveChangesAsync(ct);
        }, ct);
        // Imported authors' ratings count: agreement, outcomes and conflicts follow without a manual recompute.
        if (staged.Ratings > 0) recompute.Request(projectId, now: true);
        return outcome;
    }

    private static async Task<JobOutcome> FailAsync(StagedBatch staged, JobRun run, IReadOnlyList<ImportError> errors, int total,
        int duplicates = 0)
    {
        await staged.DiscardAsync();
        return JobOutcome.Failed(ImportOutcome.FailureMessage(run.FileName, total, duplicates),
            new ImportJobResult(null, 0, 0, 0, 0, null, total, errors, ExistingDuplicates: duplicates));
    }

    /// <summary>
    /// A CSV or TSV whose first line names none of the fields the configuration reads is almost always a file without
    /// a header row; one clear error beats one per row.
    /// </summary>
    private static ImportError? MissingHeader(ImportFormat format, ImportedTask first, LabelingConfiguration config)
    {
        if (format is not (ImportFormat.Csv or ImportFormat.Tsv)) return null;
        var needed = config.RequiredDataFields.Select(DataFieldPath.RootKey).Distinct().ToList();
        if (needed.Count == 0 || needed.Any(first.DataKeys.Contains)) return null;
        return new ImportError(1, null,
            $"The first line must be a header row naming the data fields, and it names none of the fields the " +
            $"configuration reads ({string.Join(", ", needed.Select(f => $"\"{f}\""))}). It reads: " +
            $"{string.Join(", ", first.DataKeys.Take(10).Select(k => $"\"{k}\""))}.");
    }

    private static ImportFormat DetectFormat(string fileName, Stream content)
    {
        if (ImportFormatDetector.FromFileName(fileName) is { } byName) return byName;
        var head = new byte[ImportFormatDetector.HeadLength];
        var start = content.Position;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = start;
        return ImportFormatDetector.FromContent(head.AsSpan(0, read));
    }

    /// <summary>The project's imported files (published batches), newest first.</summary>
    public async Task<IReadOnlyList<ImportBatch>> ListBatchesAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportBatches.AsNoTracking()
            .Where(b => b.ProjectId == projectId && b.State == ImportBatchState.Published && b.Format != ClickFeedbackFormat)
            .OrderByDescending(b => b.Id).ToListAsync(ct);
    }

    /// <summary>The format recorded on the batches of tasks that click-log ingests queue.</summary>
    public const string ClickFeedbackFormat = "clicks";
}
