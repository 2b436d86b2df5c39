namespace LabelStudio.Consensus.Tests;

public sealed class TaskScorerTests
{
    // Two raters over two classes: rater 0 is 99 % accurate, rater 1 is 60 % accurate.
    private static readonly DawidSkeneModel Model = new([0.5, 0.5], [0.99, 0.01, 0.01, 0.99, 0.6, 0.4, 0.4, 0.6], 2);

    [Fact]
    public void Score_Unanimous_IsAgreed()
    {
        var s = TaskScorer.Score([0, 1, 2], [1, 1, 1], 3, null, null, ConflictRule.Default);

        Assert.Equal(TaskOutcome.Agreed, s.Outcome);
        Assert.Equal(ConflictReasons.None, s.Reasons);
        Assert.Equal(1, s.Label);
        Assert.Equal(0, s.Priority, 12);
        Assert.True(double.IsNaN(s.Posterior));
    }

    [Fact]
    public void Score_Tie_IsConflictWithTieAndLowShare()
    {
        var s = TaskScorer.Score([0, 1], [1, 0], 2, null, null, ConflictRule.Default);

        Assert.Equal(TaskOutcome.Conflict, s.Outcome);
        Assert.Equal(ConflictReasons.Tie | ConflictReasons.LowShare, s.Reasons);
        Assert.Equal(0, s.MajorityLabel);
        Assert.Equal(0.5, s.Priority, 12);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 1, 2 }, TaskOutcome.Agreed)]   // share 0.6 is not below 0.6
    [InlineData(new[] { 0, 0, 1, 2 }, TaskOutcome.Conflict)]    // share 0.5, no tie
    [InlineData(new[] { 0, 0, 1 }, TaskOutcome.Agreed)]         // share 0.667
    public void Score_MajorityShareThreshold(int[] labels, TaskOutcome expected)
    {
        var raters = Enumerable.Range(0, labels.Length).ToArray();

        var s = TaskScorer.Score(raters, labels, 3, null, null, ConflictRule.Default);

        Assert.Equal(expected, s.Outcome);
        Assert.Equal(expected == TaskOutcome.Conflict ? ConflictReasons.LowShare : ConflictReasons.None, s.Reasons);
    }

    [Fact]
    public void Score_WithModel_TieResolvedByTheReliableRaterButStillFlagged()
    {
        var s = TaskScorer.Score([0, 1], [0, 1], 2, Model, null, ConflictRule.Default);

        // Posterior of class 0: 0.99·0.4 / (0.99·0.4 + 0.01·0.6) = 0.985.
        Assert.Equal(0, s.Label);
        Assert.Equal(0.396 / 0.402, s.Posterior, 9);
        // Priority = 1 − min(posterior, share) = 1 − 0.5: the confident model does not bury the tie.
        Assert.Equal(0.5, s.Priority, 9);
        Assert.Equal(ConflictReasons.Tie | ConflictReasons.LowShare, s.Reasons);
    }

    [Fact]
    public void Score_OverconfidentModel_ThreeWayTieKeepsHighPriority()
    {
        // Three raters, three classes; the model is sure of rater 0 (identity confusion), so a 1-1-1 tie gets
        // posterior 1.0 for rater 0's label. 1 − posterior would rank it 0; 1 − min(posterior, share) gives 2/3.
        var identity = new double[3 * 9];
        for (var r = 0; r < 3; r++)
        {
            for (var k = 0; k < 3; k++)
            {
                for (var l = 0; l < 3; l++)
                {
                    identity[(r * 3 + k) * 3 + l] = r == 0 ? (k == l ? 1 : 0) : 1.0 / 3;
                }
            }
        }
        var model = new DawidSkeneModel([1.0 / 3, 1.0 / 3, 1.0 / 3], identity, 3);

        var s = TaskScorer.Score([0, 1, 2], [2, 0, 1], 3, model, null, ConflictRule.Default);

        Assert.Equal(2, s.Label);
        Assert.Equal(1, s.Posterior, 9);
        Assert.True(s.Tie);
        Assert.Equal(TaskOutcome.Conflict, s.Outcome);
        Assert.Equal(2.0 / 3, s.Priority, 9);
    }

    [Fact]
    public void Score_WithModel_LowPosteriorBelowShareSetsPriority()
    {
        // Unanimous single weak vote: share 1, posterior 0.6 -> priority 1 − 0.6.
        var s = TaskScorer.Score([1], [1], 2, Model, null, ConflictRule.Default);

        Assert.Equal(0.4, s.Priority, 9);
    }

    [Fact]
    public void Score_WithModel_LowPosteriorFlagsEvenAUnanimousWeakVote()
    {
        var s = TaskScorer.Score([1], [1], 2, Model, null, ConflictRule.Default);

        Assert.Equal(0.6, s.Posterior, 12);
        Assert.Equal(ConflictReasons.LowPosterior, s.Reasons);
        Assert.Equal(TaskOutcome.Conflict, s.Outcome);
    }

    [Fact]
    public void Score_WithModel_StrongPosteriorIsAgreed()
    {
        var s = TaskScorer.Score([0, 1], [1, 1], 2, Model, null, ConflictRule.Default);

        Assert.Equal(TaskOutcome.Agreed, s.Outcome);
        Assert.True(s.Posterior > 0.99);
    }

    [Fact]
    public void Score_PosteriorRuleCanBeSwitchedOff()
    {
        var s = TaskScorer.Score([1], [1], 2, Model, null, ConflictRule.Default with { MinPosterior = 0 });

        Assert.Equal(TaskOutcome.Agreed, s.Outcome);
    }

    [Fact]
    public void Score_GoldDisagreement_IsTopPriorityConflict()
    {
        var s = TaskScorer.Score([0, 1, 2], [1, 1, 1], 2, null, 0, ConflictRule.Default);

        Assert.Equal(ConflictReasons.GoldDisagreement, s.Reasons);
        Assert.Equal(0, s.Label);
        Assert.Equal(1, s.MajorityLabel);
        Assert.Equal(1, s.Priority);
    }

    [Fact]
    public void Score_GoldAgreement_IsAgreedWithPosteriorOne()
    {
        var s = TaskScorer.Score([1], [1], 2, Model, 1, ConflictRule.Default);

        Assert.Equal(TaskOutcome.Agreed, s.Outcome);
        Assert.Equal(1, s.Posterior);
        Assert.Equal(1, s.Label);
        Assert.Equal(0, s.Priority, 12);
    }

    [Fact]
    public void Score_NoRatings_IsTooFewRatings()
    {
        var s = TaskScorer.Score([], [], 2, Model, null, ConflictRule.Default);

        Assert.Equal(TaskOutcome.Conflict, s.Outcome);
        Assert.Equal(ConflictReasons.TooFewRatings, s.Reasons);
        Assert.Equal(-1, s.Label);
    }

    [Fact]
    public void Score_MinRatingsRule()
    {
        var s = TaskScorer.Score([0, 1], [0, 0], 2, null, null, ConflictRule.Default with { MinRatings = 3 });

        Assert.Equal(ConflictReasons.TooFewRatings, s.Reasons);
    }

    [Fact]
    public void Score_TieRuleOff_OnlyShareRuleFires()
    {
        var s = TaskScorer.Score([0, 1], [0, 1], 2, null, null, ConflictRule.Default with { FlagTies = false, MinMajorityShare = 0.5 });

        Assert.Equal(TaskOutcome.Agreed, s.Outcome);
        Assert.True(s.Tie);
    }

    [Fact]
    public void Score_RejectsOutOfRangeLabels()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskScorer.Score([0], [3], 2, null, null, ConflictRule.Default));
        Assert.Throws<ArgumentException>(() => TaskScorer.Score([0, 1], [0], 2, null, null, ConflictRule.Default));
    }
}
