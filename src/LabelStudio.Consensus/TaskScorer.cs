namespace LabelStudio.Consensus;

/// <summary>Verdict on one task.</summary>
public enum TaskOutcome
{
    /// <summary>The ratings agree well enough to accept the consensus label.</summary>
    Agreed,

    /// <summary>A person should look at the task.</summary>
    Conflict,
}

/// <summary>Why a task is a conflict (several may apply).</summary>
[Flags]
public enum ConflictReasons
{
    /// <summary>No reason: agreed.</summary>
    None = 0,

    /// <summary>Two or more labels share the top vote count.</summary>
    Tie = 1,

    /// <summary>The majority share is below <see cref="ConflictRule.MinMajorityShare"/>.</summary>
    LowShare = 2,

    /// <summary>The Dawid–Skene posterior of the consensus label is below <see cref="ConflictRule.MinPosterior"/>.</summary>
    LowPosterior = 4,

    /// <summary>The majority label differs from the task's gold answer.</summary>
    GoldDisagreement = 8,

    /// <summary>Fewer ratings than <see cref="ConflictRule.MinRatings"/>.</summary>
    TooFewRatings = 16,

    /// <summary>Spans: raters marked overlapping spans but no bounds won a majority (see <see cref="SpanConsensus"/>).</summary>
    BoundaryDisagreement = 32,
}

/// <summary>
/// When a task is a conflict. The default flags a tie, a majority share below 0.6, a Dawid–Skene posterior below
/// 0.9 (only when a model is supplied) or a majority label that contradicts the gold answer. Project settings map to
/// these properties; set a threshold to 0 (or a flag to false) to switch that test off.
/// </summary>
public sealed record ConflictRule
{
    /// <summary>The recommended default.</summary>
    public static ConflictRule Default { get; } = new();

    /// <summary>Flag ties.</summary>
    public bool FlagTies { get; init; } = true;

    /// <summary>Flag when the majority share is strictly below this.</summary>
    public double MinMajorityShare { get; init; } = 0.6;

    /// <summary>Flag when the model's max posterior is strictly below this (ignored without a model).</summary>
    public double MinPosterior { get; init; } = 0.9;

    /// <summary>Flag when the majority label differs from the gold answer.</summary>
    public bool FlagGoldDisagreement { get; init; } = true;

    /// <summary>Flag when there are fewer ratings than this.</summary>
    public int MinRatings { get; init; } = 1;

    /// <summary>Spans: flag when the raters disagree where an entity starts or ends.</summary>
    public bool FlagBoundaryDisagreements { get; init; } = true;
}

/// <summary>The score of one task.</summary>
/// <param name="Outcome">Agreed or Conflict.</param>
/// <param name="Reasons">Every rule that fired.</param>
/// <param name="Label">Consensus label: the gold answer if any, else the Dawid–Skene MAP class with a model, else the
/// majority label; -1 without ratings.</param>
/// <param name="MajorityLabel">Majority label (lowest index among ties).</param>
/// <param name="MajorityShare">Majority share.</param>
/// <param name="Tie">Tie flag.</param>
/// <param name="Posterior">Posterior of <see cref="Label"/> (1 for gold items; NaN without a model).</param>
/// <param name="Priority">Review priority in [0, 1], higher first: 1 − min(posterior, majority share) with a model,
/// 1 − majority share without one, and 1 for a gold disagreement. Taking the smaller of the two keeps a raw tie near
/// the top even when Dawid–Skene is overconfident on small data (a 1-1-1 tie whose posterior is 1.0 still gets
/// priority 2/3 instead of 0).</param>
/// <param name="Ratings">Number of ratings.</param>
public readonly record struct TaskScore(TaskOutcome Outcome, ConflictReasons Reasons, int Label, int MajorityLabel, double MajorityShare,
    bool Tie, double Posterior, double Priority, int Ratings);

/// <summary>
/// Scores one task at submit time: allocation-free for up to 256 classes, O(ratings × K).
/// </summary>
public static class TaskScorer
{
    /// <summary>Scores a task from its ratings.</summary>
    /// <param name="raterIndex">Rater of each rating (indices of the model's raters; others use the pooled matrix).</param>
    /// <param name="label">Label of each rating, 0..classCount−1.</param>
    /// <param name="classCount">K.</param>
    /// <param name="model">Dawid–Skene model from the last project-level recompute, or null.</param>
    /// <param name="gold">The task's gold class, or null.</param>
    /// <param name="rule">The conflict rule.</param>
    public static TaskScore Score(ReadOnlySpan<int> raterIndex, ReadOnlySpan<int> label, int classCount, DawidSkeneModel? model, int? gold, ConflictRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (raterIndex.Length != label.Length)
        {
            throw new ArgumentException("raterIndex and label must have the same length.");
        }
        if (classCount < 1 || (model is not null && model.ClassCount != classCount))
        {
            throw new ArgumentOutOfRangeException(nameof(classCount));
        }
        if (gold is { } g && (uint)g >= (uint)classCount)
        {
            throw new ArgumentOutOfRangeException(nameof(gold));
        }
        Span<int> counts = classCount <= 256 ? stackalloc int[classCount] : new int[classCount];
        counts.Clear();
        foreach (var l in label)
        {
            if ((uint)l >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(label));
            }
            counts[l]++;
        }
        if (model is null || label.IsEmpty)
        {
            return Evaluate(counts, [], gold ?? -1, rule);
        }
        Span<double> posterior = classCount <= 256 ? stackalloc double[classCount] : new double[classCount];
        model.Posterior(raterIndex, label, posterior);
        return Evaluate(counts, posterior, gold ?? -1, rule);
    }

    /// <summary>Scores a task from its class counts and (optionally) a posterior already computed, e.g. by a batch fit.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static TaskScore Evaluate(ReadOnlySpan<int> counts, ReadOnlySpan<double> posterior, int gold, ConflictRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var s = ItemStatistics.Summarize(counts);
        var reasons = ConflictReasons.None;
        if (s.Ratings < rule.MinRatings || s.Ratings == 0)
        {
            reasons |= ConflictReasons.TooFewRatings;
        }
        if (rule.FlagTies && s.Tie)
        {
            reasons |= ConflictReasons.Tie;
        }
        if (s.Ratings > 0 && s.MajorityShare < rule.MinMajorityShare)
        {
            reasons |= ConflictReasons.LowShare;
        }
        var label = s.MajorityLabel;
        var p = double.NaN;
        if (!posterior.IsEmpty && s.Ratings > 0)
        {
            label = ItemStatistics.ArgMax(posterior);
            p = posterior[label];
        }
        if (gold >= 0)
        {
            if (rule.FlagGoldDisagreement && s.Ratings > 0 && s.MajorityLabel != gold)
            {
                reasons |= ConflictReasons.GoldDisagreement;
            }
            label = gold;
            if (!posterior.IsEmpty)
            {
                p = 1;
            }
        }
        else if (!double.IsNaN(p) && p < rule.MinPosterior)
        {
            reasons |= ConflictReasons.LowPosterior;
        }
        // 1 − min(posterior, share): a confident model must not bury a split vote (see TaskScore.Priority).
        var priority = (reasons & ConflictReasons.GoldDisagreement) != 0 ? 1
            : s.Ratings == 0 ? 1
            : !double.IsNaN(p) ? 1 - Math.Min(p, s.MajorityShare)
            : 1 - s.MajorityShare;
        return new TaskScore(reasons == ConflictReasons.None ? TaskOutcome.Agreed : TaskOutcome.Conflict, reasons, s.Ratings == 0 && gold < 0 ? -1 : label,
            s.MajorityLabel, s.MajorityShare, s.Tie, p, priority, s.Ratings);
    }
}
