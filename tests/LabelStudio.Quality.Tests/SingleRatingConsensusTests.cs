using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.Quality.Tests;

/// <summary>
/// With overlap 1 every task has one rating. The Dawid–Skene posterior of a lone answer only restates its rater's
/// reliability; it never makes the task a conflict, while two disagreeing answers still can be.
/// </summary>
public sealed class SingleRatingConsensusTests
{
    private static readonly IReadOnlyList<ConsensusControl> Controls =
        ConsensusControl.From(LabelingConfigParser.Parse(LabelingConfigSamples.TextClassification).Configuration!);

    private static RaterAnswer Answer(string user, string choice) => new(user,
        ResultJson.Parse($$$"""[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}]"""));

    /// <summary>A model in which rater "noisy" gives the true class only half the time (posterior of one answer: 0.5).</summary>
    private static ScoringModel NoisyRaterModel()
    {
        var control = Controls.Single();
        var k = control.Categories.Count;
        var confusion = new double[k * k];
        for (var t = 0; t < k; t++)
        {
            for (var o = 0; o < k; o++) confusion[t * k + o] = t == o ? 0.5 : 0.5 / (k - 1);
        }
        var priors = Enumerable.Repeat(1.0 / k, k).ToArray();
        return new ScoringModel(7, control.Name, control.Categories, new DawidSkeneModel(priors, confusion, 1),
            new Dictionary<string, int> { ["noisy"] = 0 });
    }

    [Fact]
    public void Score_SingleRatingWithLowPosterior_AgreedOnTheAnswer()
    {
        var result = TaskConsensus.Score(Controls, [Answer("noisy", "Negative")], null, ConflictRule.Default, NoisyRaterModel());

        Assert.Equal(TaskOutcomeState.Agreed, result.State);
        Assert.Equal("Negative", result.Consensus.Single().Value["choices"]![0]!.GetValue<string>());
        Assert.Equal("majority", result.Method);
    }

    [Fact]
    public void Score_TwoDisagreeingRatingsWithTheModel_StillAConflict()
    {
        var result = TaskConsensus.Score(Controls, [Answer("noisy", "Negative"), Answer("other", "Positive")], null,
            ConflictRule.Default, NoisyRaterModel());

        Assert.Equal(TaskOutcomeState.Conflict, result.State);
    }
}
