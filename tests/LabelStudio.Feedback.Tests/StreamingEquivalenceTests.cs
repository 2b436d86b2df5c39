using System.Security.Cryptography;
using System.Text;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests;

/// <summary>
/// The bounded-memory (streaming, spill-to-disk) ingest must give exactly what the previous design (every unique
/// impression buffered in memory, then cleaned and aggregated) gave. The digests below were recorded with that previous
/// implementation on these fixed synthetic logs; they cover the ingest summary, every pair's counts and cells in pair
/// order, spam flags, scores, P(relevant) and labels. If the generator or the models change on purpose, re-record them.
/// </summary>
public sealed class StreamingEquivalenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ls-feedback-eq-" + Guid.NewGuid().ToString("N"));

    public StreamingEquivalenceTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static SyntheticClickLog Generator() => SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = 40_000, Queries = 200, DocsPerQuery = 20, Users = 1_500, BotUsers = 4, BotImpressionShare = 0.03,
        SpamPairs = 3, SpamImpressionsPerPair = 30, DuplicateRate = 0.02, Seed = 7,
    });

    internal static string IngestDigest(ClickAggregate agg)
    {
        var s = agg.Summary;
        var sb = new StringBuilder();
        sb.Append($"{s.Lines} {s.ImpressionsRead} {s.ImpressionsKept} {s.DuplicateImpressions} {s.MalformedLines} {s.ClickEvents} ")
          .Append($"{s.CollapsedClicks} {s.OrphanClicks} {s.ClicksBeyondMaxRank} {s.ResultsBeyondMaxRank} {s.NullDwellClicks} {s.Users} ")
          .Append($"{s.BotUsers} {s.BotImpressionsDropped} {s.Queries} {s.Docs} {s.Pairs} {s.Cells} {s.SpamPairs} {s.Cleaned}\n");
        foreach (var m in s.MalformedExamples)
        {
            sb.Append($"m {m}\n");
        }
        foreach (var (k, v) in s.Rankers)
        {
            sb.Append($"r {k} {v}\n");
        }
        foreach (var (impr, clicks) in agg.GetRankTotals())
        {
            sb.Append($"k {impr} {clicks}\n");
        }
        for (int p = 0; p < agg.PairCount; p++)
        {
            var c = agg.GetPairCounts(p);
            sb.Append($"{agg.GetQueryId(p)} {agg.GetDocId(p)} {c.Impressions} {c.Clicks} {c.SatClicks} {c.SdbnExamined} {c.SdbnLastClicks} ")
              .Append($"{c.BestRank} {c.DistinctRanks} {c.DistinctClickers} {c.TopClickerShare:R} {c.SpamSuspected}");
            foreach (var cell in agg.GetCells(p))
            {
                sb.Append($" {cell.Rank}:{cell.Impressions}:{cell.Clicks}:{cell.SatClicks}");
            }
            sb.Append('\n');
        }
        return Sha(sb.ToString());
    }

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static byte[] LogBytes(SyntheticClickLog gen)
    {
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        var bytes = ms.ToArray();
        // One malformed line in the middle, so line numbering across blocks is covered too.
        int at = Array.IndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1;
        bytes[at] = (byte)'#';
        return bytes;
    }

    // Recorded with the previous (buffering) implementation.
    private const string CleanDigest = "47168D8D71855553";
    private const string RawDigest = "12014D3BEEDB0386";
    private const string LabelsDigest = "427258B666C7EB3F";

    [Fact]
    public void StreamingIngest_MatchesThePreviousDesign_CountsCleaningAndLabels()
    {
        var gen = Generator();
        var bytes = LogBytes(gen);
        var configs = new (string Name, IngestOptions Options)[]
        {
            ("defaults", new IngestOptions()),
            ("spill every block, small blocks", new IngestOptions { BlockBytes = 8192, SpillThresholdBytes = 0 }),
            ("one thread", new IngestOptions { MaxDegreeOfParallelism = 1, BlockBytes = 50_000, SpillThresholdBytes = 1 << 16 }),
        };
        foreach (var (name, options) in configs)
        {
            var agg = ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native, options);
            Assert.True(CleanDigest == IngestDigest(agg), $"{name}: {IngestDigest(agg)}");
            // A non-seekable stream takes the same path.
            var fromPipe = ClickLogIngestor.Ingest(new NonSeekableStream(bytes), ClickLogFormat.Native, options);
            Assert.Equal(CleanDigest, IngestDigest(fromPipe));
        }
        var raw = ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native, new IngestOptions { Clean = false });
        Assert.True(RawDigest == IngestDigest(raw), "raw: " + IngestDigest(raw));

        string log = Path.Combine(_dir, "clicks.jsonl");
        File.WriteAllBytes(log, bytes);
        string seed = Path.Combine(_dir, "seed.tsv");
        using (var fs = File.Create(seed))
        {
            SeedReader.Write(fs, gen.SampleSeed(300));
        }
        string? fullTsv = null;
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var result = new FeedbackInferRunner().Run(new FeedbackInferOptions
            {
                InputPath = log, SeedPath = seed,
                Ingest = new IngestOptions { MaxDegreeOfParallelism = threads },
                Models = new LabelStudio.Feedback.Models.ModelOptions { MaxDegreeOfParallelism = threads },
            });
            var tsv = new MemoryStream();
            result.WriteLabelsTsv(tsv);
            var evidence = new MemoryStream();
            result.WriteEvidenceJsonl(evidence);
            // The binary labels (the first five columns) are those of the previous design; the graded columns that
            // follow are the same whatever the thread count.
            var text = Encoding.UTF8.GetString(tsv.ToArray());
            var binary = string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join('\t', l.Split('\t').Take(5)) + "\n"));
            string digest = Sha(binary + Encoding.UTF8.GetString(evidence.ToArray())
                + $"{result.Labels.Calibration.Mode} {result.Labels.Calibration.ConfidenceThreshold:R}");
            Assert.True(LabelsDigest == digest, $"labels, {threads} threads: {digest}");
            fullTsv ??= text;
            Assert.Equal(fullTsv, text);
        }
    }

    /// <summary>A read-only stream that cannot seek (like a request body).</summary>
    internal sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 3000));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
