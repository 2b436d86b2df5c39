using System.Buffers;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Feedback.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback.Evaluation;

/// <summary>Stores one ingest's per-ranker evidence and reads back the sum over a set of ingests.</summary>
internal static class RankerEvidenceStore
{
    /// <summary>Writes the log's per-ranker rows with the ingest (invisible until it succeeds, like its pair evidence).</summary>
    public static async Task WriteAsync(AppDbContext db, WriteLock writeLock, JobOptions options, long projectId, long ingestId,
        RankerEvidence evidence, CancellationToken ct)
    {
        var constants = new Dictionary<string, object> { ["ProjectId"] = projectId, ["IngestId"] = ingestId };
        await using (var rows = new FeedbackRowWriter(db, writeLock, options, "FeedbackRankerEvidence", constants,
            ["Ranker", "QueryId", "Impressions", "ClickedImpressions", "Clicks", "ResultsShown", "Rank1Clicks", "ReciprocalRankSum",
                "SatImpressions", "Docs"]))
        {
            foreach (var e in evidence.Queries)
            {
                if (e.QueryId.Length > FeedbackService.MaxIdLength) continue;
                var c = e.Counts;
                await rows.AddAsync([Ranker(e.Ranker), e.QueryId, c.Impressions, c.ClickedImpressions, c.Clicks, c.ResultsShown,
                    c.Rank1Clicks, c.ReciprocalRankSum, c.SatImpressions, DocsJson(e.Docs)], ct);
            }
            await rows.FlushAsync(ct);
        }
        await using var interleaving = new FeedbackRowWriter(db, writeLock, options, "FeedbackInterleaving", constants,
            ["RankerA", "RankerB", "WinsA", "WinsB", "Ties", "NoClicks"]);
        foreach (var i in evidence.Interleaving)
        {
            await interleaving.AddAsync([Ranker(i.RankerA), Ranker(i.RankerB), i.WinsA, i.WinsB, i.Ties, i.NoClicks], ct);
        }
        await interleaving.FlushAsync(ct);
    }

    /// <summary>The per-ranker evidence of the given ingests, summed.</summary>
    public static async Task<RankerEvidence> LoadAsync(AppDbContext db, IReadOnlyCollection<long> ingestIds, CancellationToken ct)
    {
        var builder = new RankerEvidenceBuilder();
        foreach (var id in ingestIds)
        {
            var rows = db.FeedbackRankerEvidence.AsNoTracking().Where(e => e.IngestId == id).OrderBy(e => e.Id).AsAsyncEnumerable();
            await foreach (var e in rows.WithCancellation(ct))
            {
                builder.Add(new RankerQueryEvidence(e.Ranker, e.QueryId,
                    new RankerClickCounts(e.Impressions, e.ClickedImpressions, e.Clicks, e.ResultsShown, e.Rank1Clicks, e.ReciprocalRankSum,
                        e.SatImpressions), ParseDocs(e.Docs)));
            }
            var pairs = await db.FeedbackInterleaving.AsNoTracking().Where(i => i.IngestId == id).ToListAsync(ct);
            foreach (var i in pairs)
            {
                builder.Add(new InterleavingCount(i.RankerA, i.RankerB, i.WinsA, i.WinsB, i.Ties, i.NoClicks));
            }
        }
        return builder.Build();
    }

    private static string Ranker(string name) =>
        name.Length <= FeedbackRankerEvidenceConfiguration.MaxRankerLength ? name : name[..FeedbackRankerEvidenceConfiguration.MaxRankerLength];

    /// <summary><c>[[rank, impressions, "doc"], ...]</c>.</summary>
    internal static string DocsJson(IReadOnlyList<RankedDocCount> docs)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + docs.Count * 24);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var d in docs)
            {
                w.WriteStartArray();
                w.WriteNumberValue(d.Rank);
                w.WriteNumberValue(d.Impressions);
                w.WriteStringValue(d.DocId);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static IReadOnlyList<RankedDocCount> ParseDocs(string json)
    {
        var list = new List<RankedDocCount>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return list;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var rank = reader.GetInt32();
            reader.Read();
            var impressions = reader.GetInt32();
            reader.Read();
            var doc = reader.GetString() ?? "";
            reader.Read();
            list.Add(new RankedDocCount(rank, doc, impressions));
        }
        return list;
    }
}
