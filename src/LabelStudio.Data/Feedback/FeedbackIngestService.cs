using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Ingests a click log into a project as a job: hash (the same file twice changes nothing while its ingest stands),
/// parse and clean, store its evidence per (query, doc) pair (invisible until published), then compute the labels
/// from all the project's evidence (<see cref="FeedbackGenerationService"/>). Malformed lines are counted and reported
/// with their numbers; a log with no usable line fails.
/// </summary>
public sealed class FeedbackIngestService(IDbContextFactory<AppDbContext> dbFactory, FeedbackGenerationService generations,
    WriteLock writeLock, TimeProvider clock, IOptions<JobOptions> jobOptions)
{
    public const string JobKind = "click-ingest";

    /// <summary>The job's parameters: the log's format, <c>native</c> or <c>yandex</c>.</summary>
    public sealed class Parameters
    {
        public string Format { get; set; } = "native";
    }

    internal async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var projectId = run.ProjectId ?? throw new DomainValidationException("A click-log ingest needs a project.");
        var format = run.Parameters<Parameters>().Format == "yandex" ? ClickLogFormat.Yandex : ClickLogFormat.Native;
        Project project;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        }
        var totalBytes = new FileInfo(run.InputPath).Length;
        if (totalBytes == 0) throw new DomainValidationException("The click log is empty.");

        // One generation (ingest or recompute) per project at a time, so the duplicate check below cannot race with an identical upload.
        var projectLock = FeedbackGenerationService.LockOf(projectId);
        await projectLock.WaitAsync(ct);
        try
        {
            await run.ReportAsync("checking", 0, totalBytes);
            var sha = await HashFileAsync(run.InputPath, ct);
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var earlier = await db.FeedbackIngests.AsNoTracking()
                    .Where(i => i.ProjectId == projectId && i.Sha256 == sha && i.State == FeedbackIngestState.Succeeded
                                && i.Kind == FeedbackIngest.IngestKind)
                    .OrderBy(i => i.Id).FirstOrDefaultAsync(ct);
                if (earlier is not null)
                {
                    var message = $"{run.FileName} was already ingested (ingest #{earlier.Id}, {earlier.StartedAt:u}); nothing changed.";
                    return JobOutcome.Succeeded(message, new FeedbackIngestResult(true, message, FeedbackService.ToView(earlier)));
                }
            }
            return await IngestAsync(run, project, sha, totalBytes, format, ct);
        }
        catch (Exception e) when (e is FeedbackInputException or InvalidDataException)
        {
            throw new DomainValidationException(e.Message);
        }
        finally
        {
            projectLock.Release();
        }
    }

    private async Task<JobOutcome> IngestAsync(JobRun run, Project project, string sha, long totalBytes, ClickLogFormat format,
        CancellationToken ct)
    {
        var ingest = new FeedbackIngest
        {
            ProjectId = project.Id, FileName = Path.GetFileName(run.FileName), Sha256 = sha, SizeBytes = totalBytes,
            Format = format == ClickLogFormat.Yandex ? "yandex" : "native", Kind = FeedbackIngest.IngestKind,
            ImportedById = run.CreatedById, StartedAt = clock.GetUtcNow().UtcDateTime, State = FeedbackIngestState.Running,
            JobId = run.JobId,
        };
        var sw = Stopwatch.StartNew();
        var summary = await StoreEvidenceAsync(run, project, ingest, format, totalBytes, ct);
        var parseMs = Math.Round(sw.Elapsed.TotalMilliseconds, 1);
        return await generations.ComputeAsync(run, project, ingest, summary, new Dictionary<string, double> { ["ingest"] = parseMs }, ct);
    }

    /// <summary>
    /// Parses the log and stores its evidence; returns its counters. A method of its own, so that the parsed log is
    /// garbage once its evidence is stored and does not stay alive while the labels are computed.
    /// </summary>
    private async Task<IngestSummary> StoreEvidenceAsync(JobRun run, Project project, FeedbackIngest ingest, ClickLogFormat format,
        long totalBytes, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // The parsed log lives only while its evidence is written; labels are computed from the stored evidence.
            var aggregate = await Task.Run(() => Parse(run, format, totalBytes, ct), ct);
            var summary = aggregate.Summary;
            RequireUsable(summary, aggregate.PairCount, run.FileName);
            await run.ReportAsync("comparing with earlier evidence", 0, 1);
            ingest.DriftJson = FeedbackJson.Write(await FeedbackDriftCalculator.ComputeAsync(db, project.Id, aggregate, ingest.StartedAt, ct));
            // The ingest is recorded once there is something to store: a log that cannot be read leaves only its failed job.
            db.FeedbackIngests.Add(ingest);
            await db.SaveChangesAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            await BulkConnection.PrepareAsync(db, ct);
            await using var evidence = FeedbackRowWriter.Evidence(db, writeLock, jobOptions.Value, project.Id, ingest.Id);
            for (var p = 0; p < aggregate.PairCount; p++)
            {
                var q = aggregate.GetQueryId(p);
                var d = aggregate.GetDocId(p);
                if (q.Length > FeedbackService.MaxIdLength || d.Length > FeedbackService.MaxIdLength) continue;
                var e = aggregate.GetStoredEvidence(p);
                var top = e.TopClicker is { Length: > 400 } t ? t[..400] : e.TopClicker;
                await evidence.AddAsync([q, d, e.Impressions, e.Clicks, e.SatClicks, e.SdbnExamined, e.SdbnLastClicks,
                    e.DistinctClickers, e.ClickerClicks, top, e.TopClickerClicks, e.CellsText()], ct);
                if (p % 5000 == 0) await run.ReportAsync("storing evidence", p, aggregate.PairCount);
            }
            await evidence.FlushAsync(ct);
            await Evaluation.RankerEvidenceStore.WriteAsync(db, writeLock, jobOptions.Value, project.Id, ingest.Id, aggregate.RankerEvidence, ct);
            return summary;
        }
    }

    /// <summary>A log none of whose lines could be used is a failed ingest, never "Succeeded with 0 pairs".</summary>
    private static void RequireUsable(IngestSummary summary, int pairs, string fileName)
    {
        if (summary.ImpressionsRead == 0)
        {
            var example = summary.MalformedExamples.FirstOrDefault() is { } m ? $" Line {m.LineNumber}: {Reason(m.Reason)}." : "";
            throw new FeedbackInputException(string.Create(CultureInfo.InvariantCulture,
                $"No line of {fileName} is a usable impression ({summary.Lines:N0} lines read, {summary.MalformedLines:N0} malformed).{example} Nothing was stored."));
        }
        if (pairs == 0)
        {
            throw new FeedbackInputException(string.Create(CultureInfo.InvariantCulture,
                $"No (query, doc) pair is left in {fileName} after cleaning ({summary.ImpressionsRead:N0} impressions read, {summary.ImpressionsKept:N0} kept). Nothing was stored."));
        }
    }

    private static ClickAggregate Parse(JobRun run, ClickLogFormat format, long totalBytes, CancellationToken ct)
    {
        // Spill files go to the job's own folder, which is deleted when the job ends (or at the next start).
        using var ingestor = new ClickLogIngestor(new IngestOptions { SpillDirectory = run.WorkDirectory });
        using (var file = new FileStream(run.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        using (var counting = new ProgressReadStream(file, bytes => run.Report("parsing", bytes, totalBytes), ct))
        {
            ingestor.Add(counting, format);
        }
        ct.ThrowIfCancellationRequested();
        run.Report("cleaning", totalBytes, totalBytes);
        return ingestor.Complete(out _, out _);
    }

    internal static Task AbandonAsync(AppDbContext db, long jobId, string reason, DateTime now, CancellationToken ct)
    {
        var failure = reason.Length <= 2000 ? reason : reason[..2000];
        return db.FeedbackIngests.Where(i => i.JobId == jobId && i.State == FeedbackIngestState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, FeedbackIngestState.Failed)
                .SetProperty(i => i.Failure, failure)
                .SetProperty(i => i.FinishedAt, now), ct);
    }

    /// <summary>A malformed line's reason without the JSON reader's own (zero-based) position, which the line number replaces.</summary>
    private static string Reason(string reason)
    {
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

}
