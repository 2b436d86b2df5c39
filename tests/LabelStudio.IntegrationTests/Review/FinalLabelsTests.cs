using LabelStudio.Core.Results;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Review;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>The derivation of final labels (pure): the order of origins, per control, and what stops it.</summary>
public sealed class FinalLabelsTests
{
    private static readonly string[] Controls = ["sentiment", "topic"];

    private static IReadOnlyList<ResultItem> Choice(string control, string value) =>
        ResultJson.Parse($$$"""[{"from_name":"{{{control}}}","to_name":"text","type":"choices","value":{"choices":["{{{value}}}"]}}]""");

    private static IReadOnlyList<ResultItem> Both(string sentiment, string topic) => [.. Choice("sentiment", sentiment), .. Choice("topic", topic)];

    private static ControlOutcome Outcome(string control, TaskOutcomeState state, bool noMajority = false) =>
        new(control, ConsensusKind.Category, state, "majority", 0.67, null, 0.33, state == TaskOutcomeState.Conflict ? ["Tie"] : [], 3, noMajority);

    private static FinalLabelInputs Inputs(OutcomeFact? outcome = null, ResolutionFact? resolution = null, GoldFact? gold = null) =>
        new(7, Controls, outcome, resolution, gold, [11, 12, 13]);

    private static OutcomeFact Agreed() => new(TaskOutcomeState.Agreed, Both("Positive", "Sports"),
        [Outcome("sentiment", TaskOutcomeState.Agreed), Outcome("topic", TaskOutcomeState.Agreed)], "majority");

    [Fact]
    public void Derive_AgreedOutcome_EveryControlFromConsensusWithItsAnnotations()
    {
        var final = FinalLabels.Derive(Inputs(Agreed()));

        Assert.Equal(TaskOutcomeState.Agreed, final.State);
        Assert.All(final.Controls, c =>
        {
            Assert.Equal(FinalLabelOrigin.Consensus, c.Origin);
            Assert.Equal([11L, 12L, 13L], c.AnnotationIds);
            Assert.Equal(3, c.Ratings);
            Assert.Equal("majority", c.Method);
        });
        Assert.Equal(2, final.Result.Count);
    }

    [Fact]
    public void Derive_GoldOnOneControl_BeatsConsensusThereOnly()
    {
        var final = FinalLabels.Derive(Inputs(Agreed(), gold: new GoldFact(5, Choice("sentiment", "Negative"), GoldSource.Manual)));

        var sentiment = final.Controls.Single(c => c.Control == "sentiment");
        Assert.Equal(FinalLabelOrigin.Gold, sentiment.Origin);
        Assert.Equal(5, sentiment.GoldAnswerId);
        Assert.Equal("gold:manual", sentiment.Method);
        Assert.Equal(FinalLabelOrigin.Consensus, final.Controls.Single(c => c.Control == "topic").Origin);
    }

    [Fact]
    public void Derive_Resolution_BeatsGoldAndConsensusOnEveryControl()
    {
        var resolution = new ResolutionFact(9, ResolutionDecision.Edit, Choice("sentiment", "Neutral"), null, [11, 12]);

        var final = FinalLabels.Derive(Inputs(Agreed(), resolution, new GoldFact(5, Choice("sentiment", "Negative"), GoldSource.Manual)));

        Assert.Equal(TaskOutcomeState.Resolved, final.State);
        Assert.All(final.Controls, c => Assert.Equal(FinalLabelOrigin.Resolution, c.Origin));
        Assert.Equal("Neutral", final.Controls[0].Result[0].Value["choices"]![0]!.GetValue<string>());
        // The lead's answer left "topic" blank: that is the lead's answer, not a fall-back to the consensus.
        Assert.Empty(final.Controls[1].Result);
        Assert.Equal([11L, 12L], final.Controls[0].AnnotationIds);
    }

    [Fact]
    public void Derive_AcceptedAnnotation_NamesThatAnnotation()
    {
        var final = FinalLabels.Derive(Inputs(Agreed(), new ResolutionFact(9, ResolutionDecision.Accept, Both("Negative", "Music"), 12, [11, 12, 13])));

        Assert.All(final.Controls, c => Assert.Equal([12L], c.AnnotationIds));
        Assert.Equal("resolution:accept", final.Controls[0].Method);
    }

    [Fact]
    public void Derive_Invalid_StopsBeforeGoldAndConsensus()
    {
        var final = FinalLabels.Derive(Inputs(Agreed(), new ResolutionFact(9, ResolutionDecision.Invalid, null, null, []),
            new GoldFact(5, Both("Negative", "Music"), GoldSource.Import)));

        Assert.Equal(TaskOutcomeState.Invalid, final.State);
        Assert.False(final.HasLabel);
        Assert.All(final.Controls, c => Assert.Equal("invalid", c.Reason));
    }

    [Fact]
    public void Derive_MoreRatingsIsLatest_FallsThroughToTheRest()
    {
        var final = FinalLabels.Derive(Inputs(new OutcomeFact(TaskOutcomeState.Open, [], [], ""),
            new ResolutionFact(9, ResolutionDecision.MoreRatings, null, null, [])));

        Assert.Equal(TaskOutcomeState.Open, final.State);
        Assert.All(final.Controls, c => Assert.Equal("awaiting-ratings", c.Reason));
    }

    [Fact]
    public void Derive_ConflictOnOneControl_AgreedControlKeepsItsConsensus_TiedControlHasNone()
    {
        var outcome = new OutcomeFact(TaskOutcomeState.Conflict, Choice("topic", "Sports"),
            [Outcome("sentiment", TaskOutcomeState.Conflict, noMajority: true), Outcome("topic", TaskOutcomeState.Agreed)], "majority");

        var final = FinalLabels.Derive(Inputs(outcome));

        Assert.Equal(TaskOutcomeState.Conflict, final.State);
        Assert.Equal("no-majority", final.Controls[0].Reason);
        Assert.Equal(FinalLabelOrigin.None, final.Controls[0].Origin);
        Assert.Equal(FinalLabelOrigin.Consensus, final.Controls[1].Origin);
        Assert.Equal(FinalLabelOrigin.Consensus, final.Origin);
    }

    [Fact]
    public void Derive_NoOutcomeYet_IsOpenWithoutLabels()
    {
        var final = FinalLabels.Derive(Inputs());

        Assert.Equal(TaskOutcomeState.Open, final.State);
        Assert.All(final.Controls, c => Assert.Equal("open", c.Reason));
    }

    [Fact]
    public void Derive_AnotherSourceBeforeNone_LabelsWhatTheOthersLeaveOpen()
    {
        // The datasets work adds click feedback this way: one more source at the end of the chain.
        var sources = FinalLabels.Sources.Append(new FixedSource()).ToList();

        var final = FinalLabels.Derive(Inputs(), sources);

        Assert.All(final.Controls, c => Assert.Equal("click", c.Method));
        var agreed = FinalLabels.Derive(Inputs(Agreed()), sources);
        Assert.All(agreed.Controls, c => Assert.Equal(FinalLabelOrigin.Consensus, c.Origin));
    }

    private sealed class FixedSource : IFinalLabelSource
    {
        public FinalLabel? Derive(string control, FinalLabelInputs inputs) =>
            new(control, FinalLabelOrigin.Consensus, Choice(control, "Relevant"), "click", null, null, 0, [], null, null);
    }
}
