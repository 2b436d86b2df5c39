using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Calibration;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Streams all current click-feedback labels of a project, one row per (query, doc) pair, as TSV or JSON Lines, in one
/// pass over the database (constant memory apart from the project's human judgements). A human judgement wins: a gold
/// answer, an agreed consensus or a seed grade is the pair's label, marked by its origin, and the model's decision is
/// kept beside it (<c>model_label</c>). <c>score</c> is the best estimate of relevance (the human label when there is
/// one, else P(relevant)); <c>p_rel</c> is the model's P(relevant), empty for a spam suspect. <c>grade</c> is the human
/// grade when there is a judgement (a rating, or a binary answer mapped as <see cref="HumanRelevance"/> documents: relevant
/// 4, not relevant 0), else the model's graded label (empty when it abstains on the grade); <c>p_grade0..4</c> and
/// <c>expected_grade</c> are always the model's.
/// </summary>
public sealed class FeedbackLabelExporter(IDbContextFactory<AppDbContext> dbFactory)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "query_id", "doc_id", "score", "p_rel", "label", "origin", "reason", "model_label",
        "impressions", "clicks", "sat_clicks", "distinct_clickers", "best_rank", "generation",
        "grade", "p_grade0", "p_grade1", "p_grade2", "p_grade3", "p_grade4", "expected_grade",
    ];

    /// <summary>Normalises a format name (<c>tsv</c> or <c>jsonl</c>), or throws a 400 naming the choices.</summary>
    public static string ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "tsv" => "tsv",
        "jsonl" or "ndjson" => "jsonl",
        _ => throw new DomainValidationException("The format must be tsv or jsonl."),
    };

    public static string ContentType(string format) => format == "jsonl" ? "application/x-ndjson" : "text/tab-separated-values";

    public static string FileName(long projectId, string format) => $"project-{projectId}-click-labels.{format}";

    /// <summary>The API's check: administrators only, like the rest of click feedback.</summary>
    public async Task RequireAccessAsync(long projectId, Actor actor, CancellationToken ct)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
    }

    /// <summary>Writes every current label of the project to <paramref name="stream"/>; returns the number of rows.</summary>
    public Task<int> WriteAsync(long projectId, string format, Stream stream, CancellationToken ct = default) =>
        WriteAsync(projectId, format, stream, null, ct);

    /// <summary>
    /// Writes every label of the project to <paramref name="stream"/>: the current ones, or those of a snapshot (a dataset
    /// version's generation and human judgements); returns the number of rows.
    /// </summary>
    public async Task<int> WriteAsync(long projectId, string format, Stream stream, ClickLabelSnapshot? snapshot, CancellationToken ct)
    {
        format = ParseFormat(format);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var human = await HumanLabelsAsync(db, projectId, ct, snapshot);
        var labels = snapshot is null
            ? FeedbackService.Current(db, projectId)
            : db.FeedbackLabels.Where(l => l.ProjectId == projectId && l.IngestId == snapshot.Generation);
        var rows = labels.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => new
            {
                l.QueryId, l.DocId, l.PRelevant, l.Decision, l.ReasonCode, l.EvidenceJson, l.IngestId, l.Grade, l.PGrade0, l.PGrade1,
                l.PGrade2, l.PGrade3, l.PGrade4, l.ExpectedGrade,
            })
            .AsAsyncEnumerable();
        var count = 0;
        if (format == "jsonl")
        {
            // Rows are written into a buffer and flushed to the stream asynchronously (the response allows no synchronous writes).
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 17);
            await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            await foreach (var l in rows.WithCancellation(ct))
            {
                var row = Row(l.QueryId, l.DocId, l.PRelevant, l.Decision, l.ReasonCode, l.EvidenceJson, l.IngestId, human);
                var grades = new GradeColumns(human.TryGetValue((l.QueryId, l.DocId), out var judged) ? judged.Grade : l.Grade,
                    [l.PGrade0, l.PGrade1, l.PGrade2, l.PGrade3, l.PGrade4], l.ExpectedGrade);
                json.WriteStartObject();
                json.WriteString("query_id", row.QueryId);
                json.WriteString("doc_id", row.DocId);
                json.WriteNumber("score", Math.Round(row.Score, 6));
                if (row.PRel is { } p) json.WriteNumber("p_rel", Math.Round(p, 6)); else json.WriteNull("p_rel");
                json.WriteNumber("label", row.Label);
                json.WriteString("origin", row.Origin);
                if (row.Reason is null) json.WriteNull("reason"); else json.WriteString("reason", row.Reason);
                json.WriteNumber("model_label", row.ModelLabel);
                json.WriteNumber("impressions", row.Counts.Impressions);
                json.WriteNumber("clicks", row.Counts.Clicks);
                json.WriteNumber("sat_clicks", row.Counts.SatClicks);
                json.WriteNumber("distinct_clickers", row.Counts.DistinctClickers);
                json.WriteNumber("best_rank", row.Counts.BestRank);
                json.WriteNumber("generation", row.Generation);
                grades.WriteJson(json);
                json.WriteEndObject();
                json.Flush();
                buffer.Write("\n"u8);
                json.Reset(buffer);
                count++;
                if (buffer.WrittenCount >= 1 << 16)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, ct);
                    buffer.ResetWrittenCount();
                }
            }
            await stream.WriteAsync(buffer.WrittenMemory, ct);
        }
        else
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            await writer.WriteLineAsync(string.Join('\t', Columns));
            var line = new StringBuilder(256);
            await foreach (var l in rows.WithCancellation(ct))
            {
                var row = Row(l.QueryId, l.DocId, l.PRelevant, l.Decision, l.ReasonCode, l.EvidenceJson, l.IngestId, human);
                var grades = new GradeColumns(human.TryGetValue((l.QueryId, l.DocId), out var judged) ? judged.Grade : l.Grade,
                    [l.PGrade0, l.PGrade1, l.PGrade2, l.PGrade3, l.PGrade4], l.ExpectedGrade);
                line.Clear();
                line.Append(Clean(row.QueryId)).Append('\t').Append(Clean(row.DocId)).Append('\t')
                    .Append(row.Score.ToString("0.######", CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.PRel?.ToString("0.######", CultureInfo.InvariantCulture) ?? "").Append('\t')
                    .Append(row.Label.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Origin).Append('\t').Append(row.Reason ?? "").Append('\t')
                    .Append(row.ModelLabel.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Counts.Impressions.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Counts.Clicks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Counts.SatClicks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Counts.DistinctClickers.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Counts.BestRank.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Generation.ToString(CultureInfo.InvariantCulture));
                grades.AppendTsv(line);
                await writer.WriteLineAsync(line, ct);
                count++;
            }
            await writer.FlushAsync(ct);
        }
        await stream.FlushAsync(ct);
        return count;
    }

    internal sealed record HumanLabel(int Label, string Origin, int Grade);

    private sealed record ExportRow(string QueryId, string DocId, double Score, double? PRel, int Label, string Origin,
        string? Reason, int ModelLabel, Counts Counts, long Generation);

    private readonly record struct Counts(int Impressions, int Clicks, int SatClicks, int DistinctClickers, int BestRank);

    private static ExportRow Row(string queryId, string docId, double? pRel, int decision, string? reason, string evidenceJson,
        long generation, Dictionary<(string, string), HumanLabel> human)
    {
        var counts = ReadCounts(evidenceJson);
        if (human.TryGetValue((queryId, docId), out var h))
        {
            return new ExportRow(queryId, docId, h.Label, pRel, h.Label, h.Origin, null, decision, counts, generation);
        }
        return new ExportRow(queryId, docId, pRel ?? 0, pRel, decision, "click-feedback", reason, decision, counts, generation);
    }

    /// <summary>Human judgements of the project's pairs: gold, else agreed consensus (the project's), else the seed file's grade.</summary>
    /// <param name="asOf">Null for the current judgements, grade and seed; else the snapshot's.</param>
    internal static async Task<Dictionary<(string, string), HumanLabel>> HumanLabelsAsync(AppDbContext db, long projectId, CancellationToken ct,
        ClickLabelSnapshot? asOf = null)
    {
        var minGrade = asOf?.RelevantMinGrade ?? await RelevantMinGradeAsync(db, projectId, ct);
        var result = new Dictionary<(string, string), HumanLabel>();
        var seeds = db.FeedbackSeeds.AsNoTracking().Where(s => s.ProjectId == projectId);
        if (asOf is not null) seeds = seeds.Where(s => s.Id == asOf.SeedId);
        var seed = await seeds.OrderByDescending(s => s.Id).Select(s => s.ContentTsv).FirstOrDefaultAsync(ct);
        if (seed is not null)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(seed));
            foreach (var s in SeedReader.Read(stream, out _))
            {
                result[(s.QueryId, s.DocId)] = new HumanLabel(s.Grade >= minGrade ? 1 : 0, "seed", s.Grade);
            }
        }
        var pairs = await ProjectPairs.LoadAsync(db, projectId, ct, asOf);
        foreach (var (pair, judged) in pairs.Human)
        {
            result[pair] = new HumanLabel(judged.Grade >= minGrade ? 1 : 0, judged.Source, judged.Grade);
        }
        return result;
    }

    /// <summary>The grade from which a judgement counts as relevant (the project's click setting, 2 by default).</summary>
    internal static async Task<int> RelevantMinGradeAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        await db.FeedbackSettings.AsNoTracking().Where(s => s.ProjectId == projectId)
            .Select(s => (int?)s.RelevantMinGrade).FirstOrDefaultAsync(ct) ?? 2;

    /// <summary>The top-level counts of a stored evidence document, without reading its per-rank list.</summary>
    private static Counts ReadCounts(string json)
    {
        int impressions = 0, clicks = 0, sat = 0, distinct = 0, best = 0;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1:
                    if (reader.ValueTextEquals("ranks"u8))
                    {
                        reader.Read();
                        reader.Skip();
                        break;
                    }
                    ref var target = ref impressions;
                    if (reader.ValueTextEquals("impressions"u8)) target = ref impressions;
                    else if (reader.ValueTextEquals("clicks"u8)) target = ref clicks;
                    else if (reader.ValueTextEquals("sat_clicks"u8)) target = ref sat;
                    else if (reader.ValueTextEquals("distinct_clickers"u8)) target = ref distinct;
                    else if (reader.ValueTextEquals("best_rank"u8)) target = ref best;
                    else break;
                    if (reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)) target = v;
                    break;
            }
        }
        return new Counts(impressions, clicks, sat, distinct, best);
    }

    private static string Clean(string id) => id.IndexOfAny(['\t', '\n', '\r']) < 0 ? id : id.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
