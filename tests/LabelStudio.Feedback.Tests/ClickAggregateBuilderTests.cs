using System.Text;
using System.Text.Json;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests;

/// <summary>Evidence merged from several logs gives what one log of all of it gives.</summary>
public sealed class ClickAggregateBuilderTests
{
    private static (byte[] Whole, byte[] A, byte[] B) Split(int seed)
    {
        var log = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 8000, Queries = 50, DocsPerQuery = 20, ResultsPerPage = 10, Users = 400, BotUsers = 3, SpamPairs = 3,
            SpamImpressionsPerPair = 40, Seed = seed,
        });
        using var stream = new MemoryStream();
        log.WriteJsonl(stream);
        var whole = stream.ToArray();
        var a = new StringBuilder();
        var b = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(whole).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var user = doc.RootElement.GetProperty("user_id").GetString()!;
            (user.GetHashCode(StringComparison.Ordinal) % 2 == 0 ? a : b).Append(line).Append('\n');
        }
        return (whole, Encoding.UTF8.GetBytes(a.ToString()), Encoding.UTF8.GetBytes(b.ToString()));
    }

    private static ClickAggregate Ingest(byte[] bytes) => ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native, new IngestOptions());

    private static void AddAll(ClickAggregateBuilder builder, ClickAggregate aggregate)
    {
        for (var p = 0; p < aggregate.PairCount; p++) builder.Add(aggregate.GetQueryId(p), aggregate.GetDocId(p), aggregate.GetStoredEvidence(p));
    }

    [Fact]
    public void Build_TwoLogsSplitByUser_GivesTheEvidenceAndLabelsOfTheWhole()
    {
        var (whole, a, b) = Split(17);
        var one = new ClickAggregateBuilder();
        AddAll(one, Ingest(whole));
        var expected = one.Build();
        var two = new ClickAggregateBuilder();
        AddAll(two, Ingest(a));
        AddAll(two, Ingest(b));
        var merged = two.Build();

        Assert.Equal(expected.PairCount, merged.PairCount);
        Assert.True(expected.Summary.SpamPairs > 0);
        Assert.Equal(expected.Summary.SpamPairs, merged.Summary.SpamPairs);
        for (var p = 0; p < expected.PairCount; p++)
        {
            var q = merged.FindPair(expected.GetQueryId(p), expected.GetDocId(p));
            Assert.True(q >= 0);
            var (x, y) = (expected.GetStoredEvidence(p), merged.GetStoredEvidence(q));
            Assert.Equal(x.CellsText(), y.CellsText());
            Assert.Equal((x.Impressions, x.Clicks, x.SatClicks, x.SdbnExamined, x.SdbnLastClicks, x.DistinctClickers, x.ClickerClicks, x.TopClickerClicks),
                (y.Impressions, y.Clicks, y.SatClicks, y.SdbnExamined, y.SdbnLastClicks, y.DistinctClickers, y.ClickerClicks, y.TopClickerClicks));
            Assert.Equal(expected.GetPairCounts(p).SpamSuspected, merged.GetPairCounts(q).SpamSuspected);
        }

        var labelsWhole = FeedbackLabeler.Label(expected, ClickModels.Fit(expected, new ModelOptions()), null, new CalibrationOptions());
        var labelsMerged = FeedbackLabeler.Label(merged, ClickModels.Fit(merged, new ModelOptions()), null, new CalibrationOptions());
        for (var p = 0; p < expected.PairCount; p++)
        {
            var q = merged.FindPair(expected.GetQueryId(p), expected.GetDocId(p));
            Assert.Equal(labelsWhole.Labels[p], labelsMerged.Labels[q]);
            Assert.Equal(labelsWhole.PRel[p], labelsMerged.PRel[q], 9);
        }
    }

    [Fact]
    public void Build_FromTheParsedLog_KeepsItsCountsAndSpamFlags()
    {
        var (whole, _, _) = Split(23);
        var parsed = Ingest(whole);
        var builder = new ClickAggregateBuilder();
        AddAll(builder, parsed);
        var rebuilt = builder.Build(parsed.Summary);
        Assert.Equal(parsed.PairCount, rebuilt.PairCount);
        Assert.Equal(parsed.GetRankTotals(), rebuilt.GetRankTotals());
        for (var p = 0; p < parsed.PairCount; p++)
        {
            var q = rebuilt.FindPair(parsed.GetQueryId(p), parsed.GetDocId(p));
            Assert.Equal(parsed.GetPairCounts(p), rebuilt.GetPairCounts(q));
        }
    }

    [Fact]
    public void ReportedPRel_OfASpamSuspect_IsEmpty()
    {
        var (whole, _, _) = Split(29);
        var parsed = Ingest(whole);
        var labels = FeedbackLabeler.Label(parsed, ClickModels.Fit(parsed, new ModelOptions()), null, new CalibrationOptions());
        var spam = Enumerable.Range(0, parsed.PairCount).Where(p => labels.Reasons[p] == AbstainReason.SpamSuspected).ToList();
        Assert.NotEmpty(spam);
        Assert.All(spam, p => Assert.True(double.IsNaN(labels.ReportedPRel(p))));
        Assert.All(Enumerable.Range(0, parsed.PairCount).Except(spam), p => Assert.Equal(labels.PRel[p], labels.ReportedPRel(p)));
    }
}
