using System.Text;
using System.Text.Json;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests;

public sealed class BatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ls-feedback-tests-" + Guid.NewGuid().ToString("N"));

    public BatchTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (SyntheticClickLog Gen, string Log, string Seed) Files(int impressions = 30_000)
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions { Impressions = impressions, Queries = 150, DocsPerQuery = 20, Users = 2_000, BotUsers = 2, SpamPairs = 2 });
        string log = Path.Combine(_dir, "clicks.jsonl");
        gen.WriteJsonl(log);
        string seed = Path.Combine(_dir, "seed.tsv");
        using (var fs = File.Create(seed))
        {
            SeedReader.Write(fs, gen.SampleSeed(300));
        }
        return (gen, log, seed);
    }

    [Fact]
    public void Runner_WritesTsvForEveryPairAndAParsableSummary()
    {
        var (_, log, seed) = Files();
        string output = Path.Combine(_dir, "labels.tsv");

        var result = new FeedbackInferRunner().Run(new FeedbackInferOptions { InputPath = log, OutputPath = output, SeedPath = seed });

        var lines = File.ReadAllLines(output);
        Assert.Equal("query_id\tdoc_id\tscore\tp_rel\tlabel\tgrade\tp_grade0\tp_grade1\tp_grade2\tp_grade3\tp_grade4\texpected_grade", lines[0]);
        Assert.Equal(result.PairCount + 1, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            Assert.Equal(12, f.Length);
            if (f[6].Length > 0)
            {
                var p = f[6..11].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                Assert.InRange(p.Sum(), 0.99999, 1.00001);
                Assert.Equal(Enumerable.Range(0, 5).Sum(k => k * p[k]), double.Parse(f[11], System.Globalization.CultureInfo.InvariantCulture), 4);
            }
            // The score is P(relevant); both are empty for a spam suspect (an abstention), never a confident-looking number.
            Assert.Equal(f[2], f[3]);
            if (f[3].Length == 0)
            {
                Assert.Equal("-1", f[4]);
                continue;
            }
            Assert.InRange(double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
            Assert.Contains(f[4], new[] { "1", "0", "-1" });
        }
        Assert.Contains(lines.Skip(1), l => l.Split('\t')[3].Length == 0);
        int labelled = lines.Skip(1).Count(l => l.Split('\t')[4] != "-1");
        Assert.Equal(result.Labels.Positives + result.Labels.Negatives, labelled);

        var ms = new MemoryStream();
        result.WriteSummaryJson(ms);
        using var doc = JsonDocument.Parse(ms.ToArray());
        var root = doc.RootElement;
        Assert.Equal(result.Aggregate.Summary.DuplicateImpressions, root.GetProperty("ingest").GetProperty("duplicate_impressions").GetInt64());
        Assert.Equal(1.0, root.GetProperty("theta")[0].GetDouble());
        Assert.Equal("seed", root.GetProperty("calibration").GetProperty("mode").GetString());
        Assert.True(root.GetProperty("calibration").GetProperty("coverage").GetDouble() > 0);
        Assert.True(root.GetProperty("timings_ms").TryGetProperty("ingest", out _));
        Assert.True(root.GetProperty("timings_ms").TryGetProperty("total", out _));
        Assert.Equal(result.Labels.Abstained,
            root.GetProperty("labels").GetProperty("abstain_reasons").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal("ordinal", root.GetProperty("graded").GetProperty("mode").GetString());
        Assert.Equal(5, root.GetProperty("graded").GetProperty("grades").GetArrayLength());
        Assert.Contains(lines.Skip(1), l => l.Split('\t')[6].Length > 0);
    }

    [Fact]
    public void Runner_InMemorySeed_IsUsedLikeASeedFile()
    {
        var (gen, log, _) = Files(15_000);
        var result = new FeedbackInferRunner().Run(new FeedbackInferOptions { InputPath = log, Seed = gen.SampleSeed(200) });
        Assert.Equal("seed", result.Labels.Calibration.Mode);
        Assert.Equal(200, result.Labels.Calibration.SeedPairs);
    }

    [Fact]
    public void Runner_MissingInput_ThrowsFeedbackInputException()
    {
        var ex = Assert.Throws<FeedbackInputException>(() =>
            new FeedbackInferRunner().Run(new FeedbackInferOptions { InputPath = Path.Combine(_dir, "nope.jsonl") }));
        Assert.Contains("nope.jsonl", ex.Message);
    }

    [Fact]
    public void Runner_BadSeedHeader_ThrowsFeedbackInputException()
    {
        var (_, log, _) = Files(2_000);
        string seed = Path.Combine(_dir, "bad-seed.tsv");
        File.WriteAllText(seed, "q\td\n1\t2\n");
        Assert.Throws<FeedbackInputException>(() => new FeedbackInferRunner().Run(new FeedbackInferOptions { InputPath = log, SeedPath = seed }));
    }

    [Fact]
    public void Evidence_CarriesCountsScoresAndThetaAtRanksSeen()
    {
        var (_, log, seed) = Files(15_000);
        var result = new FeedbackInferRunner().Run(new FeedbackInferOptions { InputPath = log, SeedPath = seed });

        var e = result.GetEvidence(0);
        Assert.Equal(e.Impressions, e.Ranks.Sum(r => r.Impressions));
        Assert.Equal(e.Clicks, e.Ranks.Sum(r => r.Clicks));
        Assert.All(e.Ranks, r => Assert.Equal(result.Scores.Pbm.Theta[r.Rank - 1], r.Theta));
        Assert.Equal(e.EffectiveImpressions, e.Ranks.Sum(r => r.Impressions * r.Theta), 6);

        var ms = new MemoryStream();
        result.WriteEvidenceJsonl(ms);
        var evidenceLines = Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.PairCount, evidenceLines.Length);
        using var first = JsonDocument.Parse(evidenceLines[0]);
        Assert.Equal(e.QueryId, first.RootElement.GetProperty("query_id").GetString());
    }

    [Fact]
    public void Tsv_IdsWithTabs_AreSanitised()
    {
        string log = Path.Combine(_dir, "tab.jsonl");
        File.WriteAllText(log, "{\"impression_id\":\"1\",\"query_id\":\"a\\tb\",\"results\":[\"d\\n1\"],\"clicks\":[]}\n");
        var result = new FeedbackInferRunner().Run(new FeedbackInferOptions { InputPath = log });
        var ms = new MemoryStream();
        result.WriteLabelsTsv(ms);
        var lines = Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("a b\td 1\t", lines[1], StringComparison.Ordinal);
        Assert.Equal("unsupervised", result.Labels.Calibration.Mode);
    }
}
