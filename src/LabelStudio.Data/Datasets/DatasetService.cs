using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Dataset versions: create (a background job builds them), list per project and across projects, read, statistics,
/// and download (a file is written once, by a job, then served as it is). Administrators and the project's leads only.
/// </summary>
public sealed class DatasetService(IDbContextFactory<AppDbContext> dbFactory, JobService jobs, LabelingConfigCache configs,
    DatasetStorage storage, DatasetClickLabelFile clickLabels, AuditLog audit, TimeProvider clock)
{
    /// <summary>Who may, said plainly: the API's 403 body and the Datasets page's refusal.</summary>
    public const string Refusal = "Only administrators and this project's leads can open dataset versions.";

    public const string ExportJobKind = "dataset-export";
    public const int MaxName = 200;
    public const int MaxDescription = 4000;

    /// <summary>Creates a version and queues the job that builds it (the web app).</summary>
    public async Task<DatasetCreated> CreateAsync(long projectId, DatasetRequest request, Actor actor, CancellationToken ct = default)
    {
        var (version, formats) = await AddVersionAsync(projectId, request, actor, ct);
        var job = await jobs.EnqueueAsync(DatasetBuilder.JobKind, projectId, actor, $"Version {version.Number} · {version.Name}", null,
            new DatasetJobParameters { VersionId = version.Id, Formats = [.. formats] }, ct);
        return await StartedAsync(version, formats, job, actor, ct);
    }

    /// <summary>Creates a version and builds it now, in this process (the command line).</summary>
    public async Task<DatasetCreated> CreateInlineAsync(long projectId, DatasetRequest request, Actor actor, Action<JobProgress>? progress,
        CancellationToken ct = default)
    {
        var (version, formats) = await AddVersionAsync(projectId, request, actor, ct);
        var job = await jobs.RunInlineAsync(DatasetBuilder.JobKind, projectId, actor, $"Version {version.Number} · {version.Name}", null,
            new DatasetJobParameters { VersionId = version.Id, Formats = [.. formats] }, progress, ct);
        return await StartedAsync(version, formats, job, actor, ct);
    }

    /// <summary>Writes one more format of a ready version now, in this process (the command line); returns the file.</summary>
    public async Task<DatasetDownload> WriteInlineAsync(long versionId, string formatName, Actor actor, Action<JobProgress>? progress,
        CancellationToken ct = default)
    {
        var (version, format, written) = await ResolveAsync(versionId, formatName, actor, ct);
        if (!written)
        {
            var job = await jobs.RunInlineAsync(ExportJobKind, version.ProjectId, actor, format.FileName(version), null,
                new DatasetJobParameters { VersionId = versionId, Formats = [format.Name] }, progress, ct);
            if (job.State != JobState.Succeeded) throw new ConflictException(job.Message ?? "The file could not be written.");
        }
        return await DownloadAsync(versionId, formatName, actor, ct);
    }

    private async Task<DatasetCreated> StartedAsync(DatasetVersion version, IReadOnlyList<string> formats, JobView job, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DatasetVersions.Where(v => v.Id == version.Id && v.JobId == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.JobId, job.Id), ct);
        await audit.RecordAsync(AuditActions.DatasetCreated, actor, AuditTarget.Dataset(version.Id),
            $"Version {version.Number} \"{version.Name}\", scope {version.Scope}, formats {string.Join(", ", formats)}", version.ProjectId, ct);
        var stored = await db.DatasetVersions.AsNoTracking().FirstAsync(v => v.Id == version.Id, ct);
        return new DatasetCreated((await DatasetViews.BuildAsync(db, [stored], ct))[0], job.Id);
    }

    private async Task<(DatasetVersion Version, IReadOnlyList<string> Formats)> AddVersionAsync(long projectId, DatasetRequest request, Actor actor,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await DatasetAccess.RequireProjectAsync(db, projectId, actor, ct);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var formats = Validate(request, config);

        DatasetVersion version;
        for (var attempt = 0; ; attempt++)
        {
            var previous = await db.DatasetVersions.AsNoTracking().Where(v => v.ProjectId == projectId)
                .OrderByDescending(v => v.Number).Select(v => new { v.Id, v.Number }).FirstOrDefaultAsync(ct);
            var parent = await db.DatasetVersions.AsNoTracking().Where(v => v.ProjectId == projectId && v.State == DatasetState.Ready)
                .OrderByDescending(v => v.Number).Select(v => (long?)v.Id).FirstOrDefaultAsync(ct);
            var number = (previous?.Number ?? 0) + 1;
            version = new DatasetVersion
            {
                ProjectId = projectId, Number = number,
                Name = string.IsNullOrWhiteSpace(request.Name) ? $"Version {number}" : request.Name.Trim(),
                Description = request.Description?.Trim() ?? "", CreatedById = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
                ParentId = parent, Scope = request.Scope,
                FilterJson = JsonSerializer.Serialize(request.Filter ?? new DatasetFilter(), JobOutcome.Json),
                SplitJson = request.Split is null ? null : JsonSerializer.Serialize(request.Split, JobOutcome.Json),
                ConfigVersion = project.LabelConfigVersion, ConfigSha256 = DatasetLineageReader.Sha256(project.LabelConfigXml),
                LabelSchema = Schema(config), State = DatasetState.Building,
            };
            db.DatasetVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Two versions created at once took the same number: take the next one.
                db.ChangeTracker.Clear();
            }
        }

        return (version, formats);
    }

    /// <summary>What the create dialog offers: the project's published batches, its raters and its labels.</summary>
    public async Task<DatasetFilterOptions> FilterOptionsAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await DatasetAccess.RequireProjectAsync(db, projectId, actor, ct);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var batches = await db.ImportBatches.AsNoTracking()
            .Where(b => b.ProjectId == projectId && b.State == Import.ImportBatchState.Published).OrderBy(b => b.Id)
            .Select(b => new DatasetBatchOption(b.Id, b.FileName, b.TaskCount)).ToListAsync(ct);
        var raters = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.Role == ProjectRole.Rater)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var labels = config.Controls.SelectMany(c => c switch
        {
            ChoicesControl choices => choices.Options.Select(o => o.Value),
            LabelsControl spans => spans.Labels.Select(l => l.Value),
            _ => [],
        }).Distinct(StringComparer.Ordinal).ToList();
        var formats = DatasetFormats.All.Where(f => f.Unsupported(new DatasetFormatContext(0, 0, DatasetScope.Final, 0, config, [])) is null)
            .Select(f => f.Name).ToList();
        return new DatasetFilterOptions(batches,
            [.. raters.Select(r => new RaterOption(r.Id, string.IsNullOrWhiteSpace(r.DisplayName) ? r.Email ?? r.Id : r.DisplayName)).OrderBy(r => r.Name)],
            labels, formats);
    }

    public async Task<IReadOnlyList<DatasetVersionView>> ListAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await DatasetAccess.RequireProjectAsync(db, projectId, actor, ct);
        var versions = await db.DatasetVersions.AsNoTracking().Where(v => v.ProjectId == projectId).OrderByDescending(v => v.Number).ToListAsync(ct);
        return await DatasetViews.BuildAsync(db, versions, ct);
    }

    /// <summary>Every ready version the actor may see, across projects, newest first; <paramref name="search"/> matches the
    /// name, the description, the project and the label schema.</summary>
    public async Task<IReadOnlyList<DatasetVersionView>> CatalogAsync(Actor actor, string? search, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await DatasetAccess.VisibleProjectsAsync(db, actor, ct);
        var query = db.DatasetVersions.AsNoTracking().Where(v => v.State == DatasetState.Ready);
        if (visible is not null) query = query.Where(v => visible.Contains(v.ProjectId));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            var projects = db.Projects.Where(p => p.Name.ToLower().Contains(term)).Select(p => p.Id);
            query = query.Where(v => v.Name.ToLower().Contains(term) || v.LabelSchema.ToLower().Contains(term)
                                     || v.Description.ToLower().Contains(term) || projects.Contains(v.ProjectId));
        }
        var versions = await query.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Take(500).ToListAsync(ct);
        return await DatasetViews.BuildAsync(db, versions, ct);
    }

    public async Task<DatasetVersionView> GetAsync(long versionId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await DatasetAccess.RequireVersionAsync(db, versionId, actor, ct);
        return (await DatasetViews.BuildAsync(db, [version], ct))[0];
    }

    public async Task<DatasetStats> StatsAsync(long versionId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await RequireReadyAsync(db, versionId, actor, ct);
        return ParseStats(version);
    }

    /// <summary>
    /// A version's file in one format. Written already: its path, to be served as it is. Not yet: the job that writes it
    /// (started now, or the one already running).
    /// </summary>
    public async Task<DatasetDownload> DownloadAsync(long versionId, string? formatName, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (version, format, _) = await ResolveAsync(versionId, formatName, actor, ct);
        var file = await db.DatasetFiles.AsNoTracking().FirstOrDefaultAsync(f => f.DatasetVersionId == versionId && f.Format == format.Name, ct);
        var path = format.Path;
        if (file is not null && File.Exists(path))
        {
            await audit.RecordAsync(AuditActions.DatasetDownloaded, actor, AuditTarget.Dataset(versionId),
                $"{format.Name} sha256 {file.Sha256}", version.ProjectId, ct);
            return new DatasetDownload(path, format.FileName(version), format.ContentType, file.Sha256, null);
        }
        var parameters = JsonSerializer.Serialize(new DatasetJobParameters { VersionId = versionId, Formats = [format.Name] }, JobOutcome.Json);
        var running = await db.Jobs.AsNoTracking().Where(j => j.Kind == ExportJobKind && j.ProjectId == version.ProjectId
                && (j.State == JobState.Queued || j.State == JobState.Running) && j.ParametersJson == parameters)
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        var job = running is not null ? JobView.From(running)
            : await jobs.EnqueueAsync(ExportJobKind, version.ProjectId, actor, format.FileName(version), null,
                new DatasetJobParameters { VersionId = versionId, Formats = [format.Name] }, ct);
        return new DatasetDownload(null, format.FileName(version), format.ContentType, null, job);
    }

    /// <summary>One of a version's files: a format, or the click-label file.</summary>
    private sealed record VersionFile(string Name, string Path, string ContentType, Func<DatasetVersion, string> FileName);

    /// <summary>The ready version, the file (checked against it) and whether it is written.</summary>
    private async Task<(DatasetVersion Version, VersionFile Format, bool Written)> ResolveAsync(long versionId, string? formatName, Actor actor,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await RequireReadyAsync(db, versionId, actor, ct);
        VersionFile file;
        if (string.Equals(formatName?.Trim(), DatasetClickLabelFile.Format, StringComparison.OrdinalIgnoreCase))
        {
            if (!DatasetClickInputs.Recorded(version))
            {
                throw new DomainValidationException([$"format: version {version.Number} has no click labels (its project had no click feedback when it was built)."]);
            }
            file = new VersionFile(DatasetClickLabelFile.Format, clickLabels.Path(versionId), DatasetClickLabelFile.ContentType, DatasetClickLabelFile.DownloadName);
        }
        else
        {
            var format = DatasetFormats.Find(formatName)
                         ?? throw new DomainValidationException([$"format: \"{formatName}\" is not one of {string.Join(", ", DatasetViews.Supported(version))}."]);
            if (!DatasetViews.Supported(version).Contains(format.Name))
            {
                throw new DomainValidationException([$"format: {format.Name} does not fit this dataset (CoNLL-2003 needs span labels and final labels)."]);
            }
            file = new VersionFile(format.Name, storage.FilePath(versionId, format), format.ContentType, v => FileName(v, format));
        }
        var written = await db.DatasetFiles.AnyAsync(f => f.DatasetVersionId == versionId && f.Format == file.Name, ct) && File.Exists(file.Path);
        return (version, file, written);
    }

    public static string FileName(DatasetVersion version, IDatasetFormat format) =>
        $"project-{version.ProjectId}-dataset-v{version.Number}.{format.Extension}";

    internal static DatasetStats ParseStats(DatasetVersion version) =>
        JsonSerializer.Deserialize<DatasetStats>(version.StatsJson, JobOutcome.Json) ?? new DatasetStats(0, 0, [], [], [], [], null, [], []);

    /// <summary>The labeling configuration a version was made with (the project's current one if that version is gone).</summary>
    internal static async Task<string> ConfigXmlAsync(AppDbContext db, DatasetVersion version, CancellationToken ct) =>
        await db.LabelConfigVersions.AsNoTracking().Where(c => c.ProjectId == version.ProjectId && c.Version == version.ConfigVersion)
            .Select(c => c.Xml).FirstOrDefaultAsync(ct)
        ?? await db.Projects.AsNoTracking().Where(p => p.Id == version.ProjectId).Select(p => p.LabelConfigXml).FirstAsync(ct);

    internal static async Task<DatasetVersion> RequireReadyAsync(AppDbContext db, long versionId, Actor actor, CancellationToken ct)
    {
        var version = await DatasetAccess.RequireVersionAsync(db, versionId, actor, ct);
        return version.State switch
        {
            DatasetState.Ready => version,
            DatasetState.Building => throw new ConflictException($"Dataset version {version.Number} is still being built."),
            _ => throw new ConflictException($"Dataset version {version.Number} failed: {version.Failure}"),
        };
    }

    /// <summary>The controls and their labels in one line per control.</summary>
    public static string Schema(LabelingConfiguration config)
    {
        var text = string.Join("; ", config.Controls.Select(c => c switch
        {
            ChoicesControl choices => $"{c.Name} (choices): {string.Join(", ", choices.Options.Select(o => o.Value))}",
            LabelsControl labels => $"{c.Name} (labels): {string.Join(", ", labels.Labels.Select(l => l.Value))}",
            RatingControl rating => $"{c.Name} (rating): 1-{rating.MaxRating}",
            _ => $"{c.Name} ({c.ResultType})",
        }));
        return text.Length <= 2000 ? text : text[..2000];
    }

    private static IReadOnlyList<string> Validate(DatasetRequest request, LabelingConfiguration config)
    {
        var errors = new List<string>();
        if (request.Name is { Length: > MaxName }) errors.Add($"name: at most {MaxName} characters.");
        if (request.Description is { Length: > MaxDescription }) errors.Add($"description: at most {MaxDescription} characters.");
        if (!Enum.IsDefined(request.Scope)) errors.Add("scope: final or all.");
        if (request.Split is { } split) errors.AddRange(DatasetSplitter.Problems(split));
        if (request.Filter is { From: { } from, To: { } to } && from >= to) errors.Add("filter: \"from\" must be before \"to\".");
        var formats = new List<string>();
        foreach (var name in request.Formats ?? ["jsonl"])
        {
            var format = DatasetFormats.Find(name);
            if (format is null)
            {
                errors.Add($"formats: \"{name}\" is not one of {string.Join(", ", DatasetFormats.Names)}.");
                continue;
            }
            var context = new DatasetFormatContext(0, 0, request.Scope, 0, config, []);
            if (format.Unsupported(context) is { } why) errors.Add($"formats: {format.Name}: {why}");
            else if (!formats.Contains(format.Name)) formats.Add(format.Name);
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return formats;
    }
}
