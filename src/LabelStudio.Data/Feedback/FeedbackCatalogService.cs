using System.Globalization;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// The query and document catalog of a project (administrators): a TSV with the header <c>kind, id, text, title, url</c>
/// or JSON Lines of <c>{"kind":"query"|"doc","id","text","title","url"}</c>. All or nothing: one bad row rejects the file
/// with its line and field. Rows replace earlier ones with the same kind and id. Once a project has a catalog, click
/// tasks show the query, the document's title, snippet and link, and pairs without text are not sent to raters.
/// </summary>
public sealed class FeedbackCatalogService(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock, TimeProvider clock)
{
    public const long MaxCatalogBytes = 512L << 20;
    private const int MaxErrors = 20;
    private const int SnippetLength = 300;

    public sealed record CatalogRow(string Kind, string Id, string Text, string? Title, string? Url);

    /// <summary>What a catalog upload changed, and what the project's catalog holds now.</summary>
    public sealed record CatalogResult(string FileName, int Rows, int Queries, int Docs, int TotalQueries, int TotalDocs);

    /// <summary>The catalog's size (shown on the page).</summary>
    public sealed record CatalogSummary(int Queries, int Docs, DateTime? UpdatedAt);

    public async Task<CatalogResult> UploadAsync(long projectId, Stream content, string fileName, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var name = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "catalog.tsv" : fileName);
        var rows = await ReadAsync(content, name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in rows.Chunk(500))
        {
            using (await writeLock.EnterBulkAsync(WriteHolder.Feedback, ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                foreach (var kind in new[] { "query", "doc" })
                {
                    var ids = chunk.Where(r => r.Kind == kind).Select(r => r.Id).ToList();
                    if (ids.Count == 0) continue;
                    var existing = await db.FeedbackCatalog.Where(e => e.ProjectId == projectId && e.Kind == kind && ids.Contains(e.ItemId))
                        .ToDictionaryAsync(e => e.ItemId, ct);
                    foreach (var r in chunk.Where(r => r.Kind == kind))
                    {
                        if (!existing.TryGetValue(r.Id, out var entry))
                        {
                            entry = new FeedbackCatalogEntry { ProjectId = projectId, Kind = kind, ItemId = r.Id };
                            db.FeedbackCatalog.Add(entry);
                            existing[r.Id] = entry;
                        }
                        entry.Text = r.Text;
                        entry.Title = r.Title;
                        entry.Url = r.Url;
                        entry.UpdatedAt = now;
                    }
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        var summary = await SummaryAsync(db, projectId, ct);
        return new CatalogResult(name, rows.Count, rows.Count(r => r.Kind == "query"), rows.Count(r => r.Kind == "doc"),
            summary.Queries, summary.Docs);
    }

    internal static async Task<CatalogSummary> SummaryAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var groups = await db.FeedbackCatalog.Where(e => e.ProjectId == projectId).GroupBy(e => e.Kind)
            .Select(g => new { g.Key, Count = g.Count(), Updated = g.Max(e => e.UpdatedAt) }).ToListAsync(ct);
        return new CatalogSummary(groups.Where(g => g.Key == "query").Sum(g => g.Count), groups.Where(g => g.Key == "doc").Sum(g => g.Count),
            groups.Count == 0 ? null : groups.Max(g => g.Updated));
    }

    /// <summary>The catalog texts of the given queries and docs (for the pairs about to become tasks).</summary>
    internal static async Task<(Dictionary<string, FeedbackCatalogEntry> Queries, Dictionary<string, FeedbackCatalogEntry> Docs)> LoadAsync(
        AppDbContext db, long projectId, IReadOnlyCollection<string> queryIds, IReadOnlyCollection<string> docIds, CancellationToken ct)
    {
        var queries = new Dictionary<string, FeedbackCatalogEntry>(StringComparer.Ordinal);
        var docs = new Dictionary<string, FeedbackCatalogEntry>(StringComparer.Ordinal);
        foreach (var chunk in queryIds.Distinct().Chunk(500))
        {
            foreach (var e in await db.FeedbackCatalog.AsNoTracking().Where(e => e.ProjectId == projectId && e.Kind == "query" && chunk.Contains(e.ItemId)).ToListAsync(ct))
                queries[e.ItemId] = e;
        }
        foreach (var chunk in docIds.Distinct().Chunk(500))
        {
            foreach (var e in await db.FeedbackCatalog.AsNoTracking().Where(e => e.ProjectId == projectId && e.Kind == "doc" && chunk.Contains(e.ItemId)).ToListAsync(ct))
                docs[e.ItemId] = e;
        }
        return (queries, docs);
    }

    /// <summary>The first <see cref="SnippetLength"/> characters of a document's text, cut at a word.</summary>
    public static string Snippet(string text)
    {
        var t = text.Trim();
        if (t.Length <= SnippetLength) return t;
        var cut = t.LastIndexOf(' ', SnippetLength);
        return t[..(cut > SnippetLength / 2 ? cut : SnippetLength)].TrimEnd() + "…";
    }

    private static async Task<List<CatalogRow>> ReadAsync(Stream content, string fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxCatalogBytes) throw new DomainValidationException($"{fileName} is larger than {MaxCatalogBytes >> 20} MB.");
            buffer.Write(chunk, 0, n);
        }
        var text = Encoding.UTF8.GetString(buffer.ToArray()).TrimStart('\uFEFF');
        var lines = text.Split('\n');
        var jsonl = fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
                    || text.TrimStart().StartsWith('{');
        var errors = new List<string>();
        var rows = new List<CatalogRow>();
        var seen = new HashSet<(string, string)>();
        string[]? header = null;
        for (var i = 0; i < lines.Length && errors.Count < MaxErrors; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var where = string.Create(CultureInfo.InvariantCulture, $"{fileName} line {i + 1}");
            CatalogRow? row;
            if (jsonl)
            {
                row = ParseJson(line, where, errors);
            }
            else
            {
                if (header is null)
                {
                    header = line.Split('\t').Select(h => h.Trim().ToLowerInvariant()).ToArray();
                    var missing = new[] { "kind", "id", "text" }.Where(c => !header.Contains(c)).ToList();
                    if (missing.Count > 0) throw new DomainValidationException($"{where}: the header must name kind, id and text (missing: {string.Join(", ", missing)}).");
                    continue;
                }
                row = ParseTsv(line.Split('\t'), header, where, errors);
            }
            if (row is null) continue;
            if (!seen.Add((row.Kind, row.Id)))
            {
                errors.Add($"{where}: {row.Kind} {row.Id} appears twice.");
                continue;
            }
            rows.Add(row);
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        if (rows.Count == 0) throw new DomainValidationException($"{fileName} has no catalog rows (kind, id, text, title, url).");
        return rows;
    }

    private static CatalogRow? ParseTsv(string[] f, string[] header, string where, List<string> errors)
    {
        string? Field(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < f.Length ? f[i].Trim() : null;
        return Validate(Field("kind"), Field("id"), Field("text"), Field("title"), Field("url"), where, errors);
    }

    private static CatalogRow? ParseJson(string line, string where, List<string> errors)
    {
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{where}: expected a JSON object.");
                return null;
            }
            string? Field(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return Validate(Field("kind"), Field("id"), Field("text"), Field("title"), Field("url"), where, errors);
        }
        catch (JsonException e)
        {
            errors.Add($"{where}: not valid JSON ({e.Message.Split(" LineNumber:")[0].TrimEnd('.')}).");
            return null;
        }
    }

    private static CatalogRow? Validate(string? kind, string? id, string? text, string? title, string? url, string where, List<string> errors)
    {
        var k = kind?.Trim().ToLowerInvariant() switch { "query" or "q" => "query", "doc" or "document" or "d" => "doc", _ => null };
        if (k is null) errors.Add($"{where}, field kind: must be query or doc.");
        else if (string.IsNullOrWhiteSpace(id) || id.Length > FeedbackService.MaxIdLength) errors.Add($"{where}, field id: must be 1 to {FeedbackService.MaxIdLength} characters.");
        else if (string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(title)) errors.Add($"{where}, field text: the {k} {id} has neither text nor title.");
        else if (title is { Length: > 1000 }) errors.Add($"{where}, field title: longer than 1,000 characters.");
        else if (url is { Length: > 0 } && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            errors.Add($"{where}, field url: must be an http or https address.");
        else return new CatalogRow(k, id.Trim(), (text ?? "").Trim(), string.IsNullOrWhiteSpace(title) ? null : title.Trim(), string.IsNullOrWhiteSpace(url) ? null : url.Trim());
        return null;
    }
}
