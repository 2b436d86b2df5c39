namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// What is known of one (query, doc) pair's relevance: <paramref name="Gain"/> in [0, 1] for NDCG (a human label's 1/0,
/// else the model's P(relevant), 0 for a spam suspect) and <paramref name="Label"/> for precision (1 relevant, 0 not,
/// −1 undecided: abstained pairs are not "labeled results").
/// </summary>
public readonly record struct PairJudgement(double Gain, int Label);
