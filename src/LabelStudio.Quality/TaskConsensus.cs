using System.Globalization;
using System.Text.Json.Nodes;
using LabelStudio.Consensus;
using LabelStudio.Core.Results;
using EngineOutcome = LabelStudio.Consensus.TaskOutcome;

namespace LabelStudio.Quality;

/// <summary>
/// Scores one task from its rater answers, control by control, with the engine:
/// <list type="bullet">
/// <item>single choice: <see cref="TaskScorer"/> (majority, or Dawid–Skene with the project's stored model);</item>
/// <item>multiple choice: choices picked by more than half; agreement = mean pairwise Jaccard similarity; a choice
/// picked by exactly half is a tie;</item>
/// <item>rating: the (lower) median; agreement = 1 − mean pairwise |a − b| / (max − 1); two different middle values
/// are a tie;</item>
/// <item>spans: the raters' own spans by majority (<see cref="SpanConsensus"/>), exact bounds, nested spans kept; a split
/// label or an entity marked by exactly half of the raters is a tie, disputed bounds are the BoundaryDisagreement reason
/// (when the rule flags it); agreement = mean pairwise exact-match F1;</item>
/// <item>text: the medoid answer; agreement = mean pairwise normalised edit similarity.</item>
/// </list>
/// For every kind but single choice, "agreement below the project's minimum majority share" is the LowAgreement
/// reason. A multi-control task is a conflict when any control is; its priority is the highest of its controls;
/// method, agreement and posterior come from the primary control (the first one in config order that has ratings);
/// the consensus result holds one region (or one per span) for every control with ratings.
/// <para>Gold: when the task has a gold answer (gold answer), each control that the gold result answers is
/// compared with the raters' consensus, and a difference is the GoldDisagreement reason (priority 1) when the rule
/// flags it. Single choice passes the gold class to <see cref="TaskScorer"/>; multiple choice compares the set of
/// agreed choices; rating compares the median; spans compare the consensus span set exactly (start, end, label); text
/// compares the medoid with the gold text after trimming, collapsing white space and ignoring case. The stored
/// consensus stays the raters' answer (so a lead sees both sides of a gold conflict; for single choice it is the
/// majority label, method "majority", since the Dawid–Skene model was fitted with that gold); gold itself is read from
/// its own rows.</para>
/// <para>Ties: a single choice whose top votes tie (unless the Dawid–Skene posterior clears the project's minimum) and a
/// rating whose two middle values differ have no consensus candidate: the consensus result has no region for that
/// control and its outcome says <see cref="ControlOutcome.NoMajority"/>, so nobody takes an arbitrary answer as agreed.</para>
/// </summary>
public static class TaskConsensus
{
    public static TaskConsensusResult Score(IReadOnlyList<ConsensusControl> controls, IReadOnlyList<RaterAnswer> answers,
        JsonObject? taskData, ConflictRule rule, ScoringModel? model, IReadOnlyList<ResultItem>? gold = null)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(rule);
        var consensus = new List<ResultItem>();
        var outcomes = new List<ControlOutcome>();
        long? modelVersion = null;
        foreach (var control in controls)
        {
            var outcome = control.Kind switch
            {
                ConsensusKind.Category => ScoreCategory(control, answers, rule, model, consensus, ref modelVersion, GoldFor(control, gold)),
                ConsensusKind.MultiChoice => ScoreMultiChoice(control, answers, rule, consensus, GoldFor(control, gold)),
                ConsensusKind.Numeric => ScoreRating(control, answers, rule, consensus, GoldFor(control, gold)),
                ConsensusKind.Spans => ScoreSpans(control, answers, AnnotationMapping.TaskText(control, taskData), rule, consensus,
                    GoldFor(control, gold)),
                ConsensusKind.Text => ScoreText(control, answers, rule, consensus, GoldFor(control, gold)),
                _ => null,
            };
            if (outcome is not null) outcomes.Add(outcome);
        }
        if (outcomes.Count == 0)
        {
            return new TaskConsensusResult(TaskOutcomeState.Agreed, [], "none", null, null, 0, [], answers.Count, [], null);
        }
        var primary = outcomes[0];
        var conflict = outcomes.Any(o => o.State == TaskOutcomeState.Conflict);
        return new TaskConsensusResult(conflict ? TaskOutcomeState.Conflict : TaskOutcomeState.Agreed, consensus, primary.Method,
            primary.Agreement, primary.Posterior, outcomes.Max(o => o.Priority),
            outcomes.SelectMany(o => o.Reasons).Distinct(StringComparer.Ordinal).ToList(), answers.Count, outcomes, modelVersion);
    }

    private static ControlOutcome? ScoreCategory(ConsensusControl control, IReadOnlyList<RaterAnswer> answers, ConflictRule rule,
        ScoringModel? model, List<ResultItem> consensus, ref long? modelVersion, IReadOnlyList<ResultItem>? gold)
    {
        var useModel = model is not null && model.Fits(control);
        var raters = new int[answers.Count];
        var labels = new int[answers.Count];
        var n = 0;
        foreach (var answer in answers)
        {
            if (AnnotationMapping.Category(control, answer.Result) is not { } label) continue;
            raters[n] = useModel && model!.RaterIndex.TryGetValue(answer.UserId, out var r) ? r : -1;
            labels[n++] = label;
        }
        if (n == 0) return null;
        // A single rating has nothing to weigh it against: the model's posterior for it only restates how reliable its
        // rater is, and must not turn an uncontested answer into a conflict. It stays as the majority rules decide.
        if (n == 1) useModel = false;
        var goldLabel = gold is null ? null : AnnotationMapping.Category(control, gold);
        var score = TaskScorer.Score(raters.AsSpan(0, n), labels.AsSpan(0, n), control.Categories.Count,
            useModel ? model!.Model : null, goldLabel, rule);
        // With gold the engine's label is the gold class; the stored consensus is the raters' own answer. On a gold task
        // that is the plain majority: the stored model was fitted with this very gold answer, so its posterior here
        // would echo the gold rather than the raters (on small data it simply returns the gold class).
        var ratersOnly = goldLabel is null ? score : TaskScorer.Score(raters.AsSpan(0, n), labels.AsSpan(0, n), control.Categories.Count,
            null, null, rule);
        if (useModel) modelVersion = model!.SnapshotId;
        // A tie has no consensus unless the model breaks it with the confidence the project asks for.
        var noMajority = ratersOnly.Tie && !(rule.MinPosterior > 0 && ratersOnly.Posterior >= rule.MinPosterior);
        if (!noMajority)
        {
            consensus.Add(Region(control, "choices", new JsonObject { ["choices"] = new JsonArray(control.Categories[ratersOnly.Label]) }));
        }
        var reasons = new List<string>();
        foreach (var flag in Enum.GetValues<ConflictReasons>())
        {
            if (flag != ConflictReasons.None && score.Reasons.HasFlag(flag)) reasons.Add(flag.ToString());
        }
        return new ControlOutcome(control.Name, control.Kind,
            score.Outcome == EngineOutcome.Conflict ? TaskOutcomeState.Conflict : TaskOutcomeState.Agreed,
            useModel && goldLabel is null ? "dawid-skene" : "majority", score.MajorityShare, QualityJson.Finite(ratersOnly.Posterior),
            score.Priority, reasons, n, noMajority);
    }

    private static ControlOutcome? ScoreMultiChoice(ConsensusControl control, IReadOnlyList<RaterAnswer> answers, ConflictRule rule,
        List<ResultItem> consensus, IReadOnlyList<ResultItem>? gold)
    {
        if (answers.Count == 0) return null;
        var masks = answers.Select(a => AnnotationMapping.ChoiceMask(control, a.Result)).ToArray();
        ulong agreed = 0;
        var tie = false;
        for (var c = 0; c < control.Categories.Count; c++)
        {
            var votes = masks.Count(m => (m >> c & 1) != 0);
            if (2 * votes > masks.Length) agreed |= 1UL << c;
            else if (votes > 0 && 2 * votes == masks.Length) tie = true;
        }
        var agreement = MeanPairwise(masks, (a, b) => 1 - MultiChoiceAgreement.Distance(a, b, SetDistance.Jaccard));
        var chosen = new JsonArray();
        for (var c = 0; c < control.Categories.Count; c++)
        {
            if ((agreed >> c & 1) != 0) chosen.Add(control.Categories[c]);
        }
        consensus.Add(Region(control, "choices", new JsonObject { ["choices"] = chosen }));
        var goldDisagrees = gold is not null && AnnotationMapping.ChoiceMask(control, gold) != agreed;
        return Finish(control, "majority", agreement, tie, rule, masks.Length, goldDisagrees);
    }

    private static ControlOutcome? ScoreRating(ConsensusControl control, IReadOnlyList<RaterAnswer> answers, ConflictRule rule,
        List<ResultItem> consensus, IReadOnlyList<ResultItem>? gold)
    {
        var values = answers.Select(a => AnnotationMapping.Rating(control, a.Result)).OfType<double>().ToArray();
        if (values.Length == 0) return null;
        Array.Sort(values);
        var median = NumericRatingAgreement.Median(values, lowerMedian: true);
        var tie = values.Length % 2 == 0 && values[values.Length / 2 - 1] != values[values.Length / 2];
        var range = Math.Max(1, control.Categories.Count - 1);
        var agreement = MeanPairwise(values, (a, b) => 1 - Math.Abs(a - b) / range);
        if (!tie) consensus.Add(Region(control, "rating", new JsonObject { ["rating"] = (int)median }));
        var goldDisagrees = gold is not null && AnnotationMapping.Rating(control, gold) is { } g && (int)g != (int)median;
        return Finish(control, "median", agreement, tie, rule, values.Length, goldDisagrees) with { NoMajority = tie };
    }

    private static ControlOutcome? ScoreSpans(ConsensusControl control, IReadOnlyList<RaterAnswer> answers, string? text,
        ConflictRule rule, List<ResultItem> consensus, IReadOnlyList<ResultItem>? gold)
    {
        if (answers.Count == 0 || text is null) return null;
        var perRater = answers.Select(a => AnnotationMapping.Spans(control, a.Result)
            .Where(s => s.End <= text.Length).ToList()).ToList<IReadOnlyList<LabeledSpan>>();
        var result = SpanConsensus.Compute(perRater, control.LabelMode);
        var index = 0;
        foreach (var region in result.Spans.GroupBy(s => (s.Start, s.End)))
        {
            consensus.Add(Region(control, "labels", new JsonObject
            {
                ["start"] = region.Key.Start,
                ["end"] = region.Key.End,
                ["text"] = text[region.Key.Start..region.Key.End],
                ["labels"] = new JsonArray(region.Select(s => (JsonNode?)control.Categories[s.Label]).ToArray()),
            }, index++));
        }
        var goldDisagrees = gold is not null
            && !AnnotationMapping.Spans(control, gold).Distinct().Order(SpanOrder.Instance).SequenceEqual(result.Spans.Distinct().Order(SpanOrder.Instance));
        var boundary = rule.FlagBoundaryDisagreements && result.BoundaryDisagreement;
        var outcome = Finish(control, "span-majority", result.Agreement, result.Tie, rule, answers.Count, goldDisagrees,
            minPriority: result.Tie || boundary ? 0.5 : 0);
        return boundary ? outcome with
        {
            State = TaskOutcomeState.Conflict,
            Reasons = [.. outcome.Reasons, nameof(ConflictReasons.BoundaryDisagreement)],
        } : outcome;
    }

    private static ControlOutcome? ScoreText(ConsensusControl control, IReadOnlyList<RaterAnswer> answers, ConflictRule rule,
        List<ResultItem> consensus, IReadOnlyList<ResultItem>? gold)
    {
        var texts = answers.Select(a => AnnotationMapping.Text(control, a.Result)).OfType<string>().ToList();
        if (texts.Count == 0) return null;
        var analysis = TextAgreement.Analyze(texts);
        consensus.Add(Region(control, "textarea", new JsonObject { ["text"] = new JsonArray(analysis.Medoid) }));
        var goldDisagrees = gold is not null && AnnotationMapping.Text(control, gold) is { } g
            && !string.Equals(NormalizeText(g), NormalizeText(analysis.Medoid ?? ""), StringComparison.OrdinalIgnoreCase);
        return Finish(control, "medoid", analysis.MeanPairwiseSimilarity, tie: false, rule, texts.Count, goldDisagrees);
    }

    private static ControlOutcome Finish(ConsensusControl control, string method, double agreement, bool tie, ConflictRule rule, int ratings,
        bool goldDisagrees, double minPriority = 0)
    {
        var reasons = new List<string>();
        if (rule.FlagTies && tie) reasons.Add(nameof(ConflictReasons.Tie));
        if (!double.IsNaN(agreement) && agreement < rule.MinMajorityShare) reasons.Add("LowAgreement");
        var gold = rule.FlagGoldDisagreement && goldDisagrees;
        if (gold) reasons.Add(nameof(ConflictReasons.GoldDisagreement));
        if (ratings < rule.MinRatings) reasons.Add(nameof(ConflictReasons.TooFewRatings));
        return new ControlOutcome(control.Name, control.Kind, reasons.Count > 0 ? TaskOutcomeState.Conflict : TaskOutcomeState.Agreed,
            method, QualityJson.Finite(agreement), null, gold ? 1 : Math.Max(minPriority, double.IsNaN(agreement) ? 0 : 1 - agreement), reasons, ratings);
    }

    /// <summary>The gold result when it answers <paramref name="control"/>, else null (no gold for that control).</summary>
    private static IReadOnlyList<ResultItem>? GoldFor(ConsensusControl control, IReadOnlyList<ResultItem>? gold) =>
        gold is not null && gold.Any(i => i.FromName == control.Name) ? gold : null;

    private static string NormalizeText(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed class SpanOrder : IComparer<LabeledSpan>
    {
        public static readonly SpanOrder Instance = new();

        public int Compare(LabeledSpan x, LabeledSpan y) => SpanConsensus.SpanOrder(x, y);
    }

    /// <summary>Mean of <paramref name="similarity"/> over all pairs; NaN with fewer than two values.</summary>
    public static double MeanPairwise<T>(IReadOnlyList<T> values, Func<T, T, double> similarity)
    {
        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < values.Count; a++)
        {
            for (var b = a + 1; b < values.Count; b++)
            {
                sum += similarity(values[a], values[b]);
                pairs++;
            }
        }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    private static ResultItem Region(ConsensusControl control, string type, JsonObject value, int? index = null) =>
        new(index is { } i ? $"consensus-{control.Name}-{i.ToString(CultureInfo.InvariantCulture)}" : $"consensus-{control.Name}",
            control.Name, control.Control.ToName, type, value);
}
