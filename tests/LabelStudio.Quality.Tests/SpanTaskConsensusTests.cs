using System.Text.Json.Nodes;
using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Quality;

namespace LabelStudio.Quality.Tests;

/// <summary>How a span task's verdict follows the project's conflict rule (ties, boundaries), and what its consensus holds.</summary>
public sealed class SpanTaskConsensusTests
{
    private const string Text = "APEC met in 𠮷野家 near Paris.";

    private static readonly IReadOnlyList<ConsensusControl> Controls = ConsensusControl.From(LabelingConfigParser.Parse("""
        <View>
          <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/><Label value="LOC"/></Labels>
          <Text name="text" value="$text"/>
        </View>
        """).Configuration!);

    private static readonly JsonObject Data = new() { ["text"] = Text };

    private static ResultItem Span(string part, string label)
    {
        var start = Text.IndexOf(part, StringComparison.Ordinal);
        return new ResultItem(ResultIds.New(), "ner", "text", "labels",
            new JsonObject { ["start"] = start, ["end"] = start + part.Length, ["text"] = part, ["labels"] = new JsonArray(label) });
    }

    private static TaskConsensusResult Score(ConflictSettings settings, params IReadOnlyList<ResultItem>[] answers) =>
        TaskConsensus.Score(Controls, answers.Select((a, i) => new RaterAnswer($"r{i}", a)).ToList(), Data, settings.ToRule(), null);

    [Fact]
    public void Score_LabelSplitBetweenTwoRaters_IsATieConflict_OnlyWhenTiesAreConflicts()
    {
        IReadOnlyList<ResultItem> org = [Span("APEC", "ORG"), Span("𠮷野家", "ORG")];
        IReadOnlyList<ResultItem> loc = [Span("APEC", "LOC"), Span("𠮷野家", "LOC")];

        var strict = Score(ConflictSettings.Default, org, loc);
        var lenient = Score(ConflictSettings.Default with { FlagTies = false, MinMajorityShare = 0 }, org, loc);

        Assert.Equal(TaskOutcomeState.Conflict, strict.State);
        Assert.Contains("Tie", strict.Reasons);
        Assert.True(strict.Priority >= 0.5);
        Assert.Equal(TaskOutcomeState.Agreed, lenient.State);
        Assert.Equal(["APEC", "𠮷野家"], lenient.Consensus.Select(r => r.Value["text"]!.GetValue<string>()));
    }

    [Fact]
    public void Score_BoundaryDisagreement_FollowsTheProjectsRule()
    {
        IReadOnlyList<ResultItem> a = [Span("APEC", "ORG"), Span("Paris", "LOC")];
        IReadOnlyList<ResultItem> b = [Span("APEC", "ORG"), Span("Paris.", "LOC")];
        IReadOnlyList<ResultItem> c = [Span("APEC", "ORG"), Span("near Paris", "LOC")];

        var flagged = Score(ConflictSettings.Default with { MinMajorityShare = 0 }, a, b, c);
        var allowed = Score(ConflictSettings.Default with { MinMajorityShare = 0, FlagBoundaryDisagreements = false }, a, b, c);

        Assert.Equal(TaskOutcomeState.Conflict, flagged.State);
        Assert.Equal([nameof(ConflictReasons.BoundaryDisagreement)], flagged.Reasons);
        Assert.Equal(TaskOutcomeState.Agreed, allowed.State);
        // Either way the candidate is a rater's own span, chosen by token support: "Paris" without the full stop.
        Assert.Equal(["APEC", "Paris"], allowed.Consensus.Select(r => r.Value["text"]!.GetValue<string>()));
        Assert.Equal("span-majority", allowed.Method);
    }

    [Fact]
    public void Score_IdenticalRaters_ConsensusIsTheirSpansWithTheirText()
    {
        IReadOnlyList<ResultItem> answer = [Span("APEC", "ORG"), Span("𠮷野家", "ORG"), Span("Paris", "LOC")];

        var result = Score(ConflictSettings.Default, answer, answer);

        Assert.Equal(TaskOutcomeState.Agreed, result.State);
        Assert.Equal(answer.Select(r => r.Value.ToJsonString()), result.Consensus.Select(r => r.Value.ToJsonString()));
        Assert.Equal(1.0, result.Agreement);
    }
}
