using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Click feedback inside a project: the human seed, the settings, and what the ingests produced (overview, labels,
/// reliability against human judgements). Ingesting a log is <see cref="FeedbackIngestService"/>'s job.
/// </summary>
public sealed class FeedbackService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, TimeProvider clock)
{
    /// <summary>Longest query or doc id stored (the task's external key is query id + tab + doc id, at most 400).</summary>
    public const int MaxIdLength = 190;

    public const long MaxSeedBytes = 20L << 20;

    /// <summary>Data keys a click-feedback task carries; a configuration reading only these can judge abstained pairs.</summary>
    public static readonly IReadOnlyList<string> TaskDataKeys = ["query_id", "doc_id", "query", "doc", "reason", "doc_title", "doc_snippet", "doc_url"];


    /// <summary>A rater-facing sentence for an abstention reason (stored in the task's data as <c>reason</c>).</summary>
    public static string ReasonText(string? code) => code switch
    {
        "spam_suspected" => "Clicks come from suspiciously few users (spam suspected).",
        "too_few_impressions" => "Shown too few times to judge from clicks.",
        "only_low_ranks" => "Only shown at low ranks, where few users look.",
        "clicks_dwell_disagree" => "Often clicked but rarely read: clicks and dwell time disagree.",
        "uncertain_score" => "The click evidence is not conclusive.",
        null or "" or "none" => "",
        _ => code,
    };

    /// <summary>Stores a seed TSV (header <c>query_id, doc_id, grade</c>); the latest seed of a project is used by ingests.</summary>
    public async Task<FeedbackSeedView> UploadSeedAsync(long projectId, Stream content, string fileName, Actor actor,
        CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var settings = await GetSettingsAsync(projectId, ct);

        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxSeedBytes) throw new DomainValidationException($"The seed file is larger than {MaxSeedBytes >> 20} MB.");
            buffer.Write(chunk, 0, n);
        }
        var bytes = buffer.ToArray();
        IReadOnlyList<SeedLabel> rows;
        int malformed;
        try
        {
            rows = SeedReader.Read(new MemoryStream(bytes), out malformed);
        }
        catch (InvalidDataException e)
        {
            throw new DomainValidationException(e.Message);
        }
        if (rows.Count == 0) throw new DomainValidationException("The seed file has no valid rows (query_id, doc_id, grade).");
        using var normalised = new MemoryStream();
        SeedReader.Write(normalised, rows);
        var seed = new FeedbackSeed
        {
            ProjectId = projectId, FileName = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "seed.tsv" : fileName),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), RowCount = rows.Count, MalformedRows = malformed,
            RelevantRows = rows.Count(r => r.Grade >= settings.RelevantMinGrade),
            ContentTsv = Encoding.UTF8.GetString(normalised.ToArray()), UploadedById = actor.UserId,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.FeedbackSeeds.Add(seed);
        await db.SaveChangesAsync(ct);
        return ToView(seed);
    }

    // ---------------------------------------------------------------- settings

    public async Task<FeedbackSettings> GetSettingsAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FeedbackSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct)
               ?? new FeedbackSettings { ProjectId = projectId };
    }

    public async Task<FeedbackSettingsView> UpdateSettingsAsync(long projectId, FeedbackSettingsView update, Actor actor,
        CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var errors = new List<string>();
        if (!(update.TargetPrecision > 0.5 && update.TargetPrecision < 1)) errors.Add("The target precision must be above 0.5 and below 1.");
        if (update.RelevantMinGrade is < 1 or > 4) errors.Add("The relevant grade must be 1 to 4.");
        if (update.MaxNewTasks is < 0 or > 1_000_000) errors.Add("New tasks per ingest must be 0 to 1,000,000.");
        if (update.EvidenceWindowDays is < 0 or > 3650) errors.Add("The evidence window must be 0 (all ingests) to 3,650 days.");
        if (!(update.EvidenceHalfLifeDays is >= 0 and <= 3650)) errors.Add("The evidence half-life must be 0 (no decay) to 3,650 days.");
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var row = await db.FeedbackSettings.FirstOrDefaultAsync(s => s.ProjectId == projectId, ct);
        if (row is null)
        {
            row = new FeedbackSettings { ProjectId = projectId };
            db.FeedbackSettings.Add(row);
        }
        row.TargetPrecision = update.TargetPrecision;
        row.RelevantMinGrade = update.RelevantMinGrade;
        row.MaxNewTasks = update.MaxNewTasks;
        row.EvidenceWindowDays = update.EvidenceWindowDays;
        row.EvidenceHalfLifeDays = update.EvidenceHalfLifeDays;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return SettingsView(row);
    }

    // ---------------------------------------------------------------- reading

    /// <summary>The project's current generation: its latest Succeeded ingest or recompute (null before the first).</summary>
    internal static IQueryable<long> CurrentGeneration(AppDbContext db, long projectId) =>
        db.FeedbackIngests.Where(i => i.ProjectId == projectId && i.State == FeedbackIngestState.Succeeded)
            .OrderByDescending(i => i.Id).Select(i => i.Id).Take(1);

    /// <summary>The current label per (query, doc) of a project: the labels of its current generation.</summary>
    internal static IQueryable<FeedbackLabel> Current(AppDbContext db, long projectId)
    {
        var generation = CurrentGeneration(db, projectId);
        return db.FeedbackLabels.Where(l => l.ProjectId == projectId && generation.Contains(l.IngestId));
    }

    public async Task<FeedbackOverview> GetOverviewAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        var settings = await db.FeedbackSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct)
                       ?? new FeedbackSettings { ProjectId = projectId };
        var seed = await db.FeedbackSeeds.AsNoTracking().Where(s => s.ProjectId == projectId).OrderByDescending(s => s.Id)
            .Select(s => new FeedbackSeedView(s.Id, s.FileName, s.Sha256, s.RowCount, s.RelevantRows, s.MalformedRows, s.UploadedAt))
            .FirstOrDefaultAsync(ct);
        var ingests = await db.FeedbackIngests.AsNoTracking().Where(i => i.ProjectId == projectId)
            .OrderByDescending(i => i.Id).Take(20).ToListAsync(ct);
        var latest = ingests.FirstOrDefault(i => i.State == FeedbackIngestState.Succeeded)
                     ?? await db.FeedbackIngests.AsNoTracking()
                         .Where(i => i.ProjectId == projectId && i.State == FeedbackIngestState.Succeeded)
                         .OrderByDescending(i => i.Id).FirstOrDefaultAsync(ct);
        var evidenceIds = await FeedbackGenerationService.EvidenceIngests(db, projectId, settings, clock.GetUtcNow().UtcDateTime)
            .Select(i => i.Id).ToListAsync(ct);
        var history = ingests.Select(i =>
        {
            var o = FeedbackJson.Read<FeedbackOutcome>(i.OutcomeJson);
            return new FeedbackIngestBrief(i.Id, i.FileName, i.State, i.StartedAt, i.FinishedAt, i.SizeBytes, o.Pairs,
                o.Relevant, o.NotRelevant, o.Abstained, o.TasksCreated, i.Failure, i.Kind, o.TasksWithdrawn, o.EvidenceIngests,
                i.RolledBackAt, i.Id == latest?.Id);
        }).ToList();
        var openClickTasks = await FeedbackQueueService.OpenClickTasksAsync(db, projectId, ct);
        var catalog = await FeedbackCatalogService.SummaryAsync(db, projectId, ct);

        var groups = await Current(db, projectId).GroupBy(l => new { l.Decision, l.ReasonCode })
            .Select(g => new { g.Key.Decision, g.Key.ReasonCode, Count = g.Count() }).ToListAsync(ct);
        var counts = new FeedbackLabelCounts(groups.Sum(g => g.Count),
            groups.Where(g => g.Decision == 1).Sum(g => g.Count),
            groups.Where(g => g.Decision == 0).Sum(g => g.Count),
            groups.Where(g => g.Decision < 0).Sum(g => g.Count),
            groups.Where(g => g.Decision < 0 && g.ReasonCode is not null)
                .GroupBy(g => g.ReasonCode!).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)));

        var pairs = await ProjectPairs.LoadAsync(db, projectId, ct);
        var reliability = await ReliabilityAsync(db, projectId, pairs, settings.RelevantMinGrade, ct);
        return new FeedbackOverview(project.Id, project.Name, project.Overlap, SettingsView(settings),
            seed, latest is null ? null : ToView(latest), history, counts, reliability, TaskFit(project), openClickTasks, evidenceIds, catalog);
    }

    /// <summary>
    /// Click feedback measured as one more rater against human judgements (gold, else consensus) on the pairs that have
    /// both. Cohen's kappa is computed on the 2 x 2 table of relevant / not relevant.
    /// </summary>
    private static async Task<FeedbackReliability> ReliabilityAsync(AppDbContext db, long projectId, ProjectPairs pairs,
        int minGrade, CancellationToken ct)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0, abstained = 0;
        if (pairs.Human.Count > 0)
        {
            var current = Current(db, projectId).Select(l => new { l.QueryId, l.DocId, l.Decision }).AsAsyncEnumerable();
            await foreach (var l in current.WithCancellation(ct))
            {
                if (!pairs.Human.TryGetValue((l.QueryId, l.DocId), out var human)) continue;
                var relevant = human.Grade >= minGrade;
                switch (l.Decision, relevant)
                {
                    case (< 0, _): abstained++; break;
                    case (1, true): tp++; break;
                    case (1, false): fp++; break;
                    case (0, false): tn++; break;
                    default: fn++; break;
                }
            }
        }
        var n = tp + fp + tn + fn;
        double? kappa = null;
        if (n > 0)
        {
            // Rows: click feedback (not, relevant); columns: humans (not, relevant).
            var k = CohenKappa.FromTable([tn, fn, fp, tp], 2);
            kappa = double.IsFinite(k) ? k : null;
        }
        return new FeedbackReliability(pairs.Human.Count, n, abstained, tp, fp, tn, fn,
            n == 0 ? null : (double)(tp + tn) / n,
            tp + fp == 0 ? null : (double)tp / (tp + fp),
            tp + fn == 0 ? null : (double)tp / (tp + fn),
            kappa);
    }

    /// <summary>Current labels (latest per pair), optionally of one decision or abstention reason, best score first.</summary>
    public async Task<FeedbackLabelPage> GetLabelsAsync(long projectId, int? decision, string? reason, int page, int pageSize,
        Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var query = Current(db, projectId);
        if (decision is { } dec) query = query.Where(l => l.Decision == dec);
        if (!string.IsNullOrWhiteSpace(reason)) query = query.Where(l => l.ReasonCode == reason);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(l => l.Score).ThenBy(l => l.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).AsNoTracking().ToListAsync(ct);
        var graded = rows.Any(r => r.ExpectedGrade is not null) || await Current(db, projectId).AnyAsync(l => l.ExpectedGrade != null, ct);
        return new FeedbackLabelPage(total, page, pageSize, rows.Select(ToView).ToList(), graded);
    }

    /// <summary>Whether abstained pairs can become tasks: the configuration may read only the data keys a click log provides.</summary>
    public FeedbackTaskFit TaskFit(Project project)
    {
        IReadOnlyList<string> fields;
        try
        {
            fields = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml).RequiredDataFields
                .Select(DataFieldPath.RootKey).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (DomainValidationException)
        {
            return new FeedbackTaskFit(false, [], "the labeling configuration does not parse.");
        }
        var missing = fields.Where(f => !TaskDataKeys.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            return new FeedbackTaskFit(false, fields,
                $"the labeling configuration reads {string.Join(", ", missing.Select(f => "$" + f))}, which a click log cannot provide " +
                "(tasks carry $query_id, $doc_id, $query, $doc, $reason, $doc_title, $doc_snippet and $doc_url).");
        }
        return new FeedbackTaskFit(true, fields,
            "Abstained pairs become tasks with the data keys query_id, doc_id, query, doc and reason.");
    }

    // ---------------------------------------------------------------- mapping

    internal static FeedbackSettingsView SettingsView(FeedbackSettings s) =>
        new(s.TargetPrecision, s.RelevantMinGrade, s.MaxNewTasks, s.EvidenceWindowDays, s.EvidenceHalfLifeDays);

    public static FeedbackIngestView ToView(FeedbackIngest i) => new(i.Id, i.ProjectId, i.FileName, i.Sha256, i.SizeBytes, i.Format,
        i.ImportedById, i.StartedAt, i.FinishedAt, i.State, FeedbackJson.Read<FeedbackCounters>(i.CountersJson),
        FeedbackJson.Read<List<ThetaPoint>>(i.ThetaJson), FeedbackJson.Read<FeedbackCalibration>(i.CalibrationJson),
        FeedbackJson.Read<FeedbackOutcome>(i.OutcomeJson), FeedbackJson.Read<Dictionary<string, double>>(i.TimingsJson), i.Failure,
        i.Kind, FeedbackJson.Read<List<long>>(i.EvidenceIngestIdsJson), i.RolledBackAt, FeedbackJson.Read<FeedbackGraded>(i.GradedJson),
        FeedbackJson.Read<FeedbackDrift>(i.DriftJson));

    private static FeedbackSeedView ToView(FeedbackSeed s) =>
        new(s.Id, s.FileName, s.Sha256, s.RowCount, s.RelevantRows, s.MalformedRows, s.UploadedAt);

    private static FeedbackLabelView ToView(FeedbackLabel l)
    {
        using var calibration = JsonDocument.Parse(string.IsNullOrWhiteSpace(l.CalibrationJson) ? "{}" : l.CalibrationJson);
        return new FeedbackLabelView(l.Id, l.IngestId, l.QueryId, l.DocId, l.TaskId, l.Model, l.Score, l.PRelevant, l.Decision,
            l.ReasonCode, FeedbackJson.Read<FeedbackEvidence>(l.EvidenceJson), calibration.RootElement.Clone(), l.CreatedAt, l.Grade,
            l.ExpectedGrade is { } e ? Math.Round(e, 3) : null);
    }
}
