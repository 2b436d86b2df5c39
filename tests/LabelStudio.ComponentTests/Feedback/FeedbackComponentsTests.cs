using Bunit;
using LabelStudio.Data.Feedback;
using LabelStudio.Web.Features.Feedback.Components;

namespace LabelStudio.ComponentTests.Feedback;

public sealed class FeedbackComponentsTests : BunitTestBase
{
    private static FeedbackCalibration Seeded(double coverage, bool reached = true) => new()
    {
        Mode = "seed", TargetPrecision = 0.95, TargetReached = reached, Coverage = coverage, Threshold = 0.81,
        SeedPairsWithEvidence = 312, SeedPrecision = 0.957, SeedAuc = 0.91, SeedSource = "seed file seed.tsv (400 pairs)",
    };

    [Fact]
    public void CoverageSentence_WithSeed_StatesPrecisionAndCoverageFromTheData()
    {
        var cut = Render<CoverageSentence>(p => p.Add(c => c.Calibration, Seeded(0.8712)).Add(c => c.Pairs, 1000));

        var sentence = cut.Find("[data-testid=feedback-coverage-sentence]");
        Assert.Contains("At 95% precision, 87% of pairs are auto-labeled.", sentence.TextContent, StringComparison.Ordinal);
        Assert.Contains("312 human-judged pairs", cut.Find("[data-testid=feedback-coverage-detail]").TextContent, StringComparison.Ordinal);
        Assert.Equal("seed", sentence.GetAttribute("data-mode"));
    }

    [Fact]
    public void CoverageSentence_TargetNotReached_OrNoSeed_SaysSo()
    {
        var missed = Render<CoverageSentence>(p => p.Add(c => c.Calibration, Seeded(0.004, reached: false)).Add(c => c.Pairs, 1000));
        Assert.Contains("No threshold reaches 95% precision on the seed, so 0.4% of pairs are auto-labeled",
            missed.Find("[data-testid=feedback-coverage-sentence]").TextContent, StringComparison.Ordinal);

        var unsupervised = new FeedbackCalibration
        {
            Mode = "unsupervised", TargetPrecision = 0.9, Coverage = 0.42, Description = "PBM posterior rule (no seed given).",
        };
        var cut = Render<CoverageSentence>(p => p.Add(c => c.Calibration, unsupervised).Add(c => c.Pairs, 10));
        var text = cut.Find("[data-testid=feedback-coverage-sentence]").TextContent;
        Assert.Contains("Without a usable human seed, 42% of pairs are auto-labeled", text, StringComparison.Ordinal);
        Assert.Contains("calibrate to 90% precision", text, StringComparison.Ordinal);
        Assert.Contains("no seed given", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IngestSummary_ShowsCountersAndMalformedLineNumbers()
    {
        var ingest = new FeedbackIngestView(7, 1, "clicks.jsonl", "abcdef0123456789", 2048, "native", null,
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), null, FeedbackIngestState.Succeeded,
            new FeedbackCounters
            {
                Lines = 1200, ImpressionsKept = 1100, DuplicateImpressions = 12, CollapsedClicks = 30, BotUsers = 3,
                BotImpressionsDropped = 80, SpamPairs = 2, Pairs = 640, MalformedLines = 2,
                MalformedExamples = [new MalformedLineView(3, "invalid JSON"), new MalformedLineView(10, "missing results")],
            },
            [], new FeedbackCalibration(), new FeedbackOutcome { TaskNote = "No tasks were created." },
            new Dictionary<string, double> { ["total"] = 850 }, null);

        var cut = Render<IngestSummaryView>(p => p.Add(c => c.Ingest, ingest));

        Assert.Equal("1,200", cut.Find("[data-testid=feedback-count-lines] .ls-fb-counter-value").TextContent);
        Assert.StartsWith("3", cut.Find("[data-testid=feedback-count-bots]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("2", cut.Find("[data-testid=feedback-count-spam]").TextContent.Trim(), StringComparison.Ordinal);
        var lines = cut.FindAll("[data-testid=feedback-malformed-line]").Select(l => l.TextContent).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("line 3", lines[0], StringComparison.Ordinal);
        Assert.Contains("line 10", lines[1], StringComparison.Ordinal);
        Assert.Contains("No tasks were created.", cut.Find("[data-testid=feedback-task-note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("0.85 s", cut.Markup, StringComparison.Ordinal);
    }
}
