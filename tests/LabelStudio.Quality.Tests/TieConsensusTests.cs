using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Quality;

namespace LabelStudio.Quality.Tests;

/// <summary>A tie has no consensus candidate ("no majority"); a clear majority keeps one; answers compare control by control.</summary>
public sealed class TieConsensusTests
{
    private static readonly IReadOnlyList<ConsensusControl> Controls =
        ConsensusControl.From(LabelingConfigParser.Parse(LabelingConfigSamples.TextClassification).Configuration!);

    private static RaterAnswer Answer(string user, string choice) => new(user,
        ResultJson.Parse($$$"""[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}]"""));

    [Fact]
    public void Score_ThreeWayTie_NoCandidateAndNoMajority()
    {
        var result = TaskConsensus.Score(Controls, [Answer("a", "Positive"), Answer("b", "Negative"), Answer("c", "Neutral")], null,
            ConflictRule.Default, null);

        Assert.Equal(TaskOutcomeState.Conflict, result.State);
        Assert.Empty(result.Consensus);
        Assert.True(result.Controls.Single().NoMajority);
    }

    [Fact]
    public void Score_TwoToOne_KeepsTheMajorityAsCandidate()
    {
        var result = TaskConsensus.Score(Controls, [Answer("a", "Positive"), Answer("b", "Positive"), Answer("c", "Neutral")], null,
            ConflictRule.Default, null);

        Assert.False(result.Controls.Single().NoMajority);
        Assert.Equal("Positive", result.Consensus.Single().Value["choices"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Matches_SameChoice_TrueOtherChoice_False()
    {
        var positive = Answer("a", "Positive").Result;

        Assert.True(AnswerComparison.Matches(Controls, positive, Answer("b", "Positive").Result));
        Assert.False(AnswerComparison.Matches(Controls, positive, Answer("b", "Negative").Result));
        Assert.True(AnswerComparison.Matches(Controls, positive, []), "a reference that answers nothing constrains nothing");
    }
}
