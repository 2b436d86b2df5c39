using LabelStudio.Consensus;
using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>One control's answers: parallel arrays of item, rater and value.</summary>
public sealed class ControlRatings(ConsensusControl control)
{
    private readonly Dictionary<long, int> _itemIndex = [];

    public ConsensusControl Control { get; } = control;
    public List<long> TaskIds { get; } = [];
    public List<int> Items { get; } = [];
    public List<int> Raters { get; } = [];
    /// <summary>Category index (single choice; ratings as value − 1).</summary>
    public List<int> Labels { get; } = [];
    public List<ulong> Masks { get; } = [];
    public List<string> Texts { get; } = [];
    public List<IReadOnlyList<LabeledSpan>> Spans { get; } = [];
    /// <summary>Task text per item (spans only).</summary>
    public List<string?> ItemTexts { get; } = [];

    public int Count => Items.Count;

    internal void Add(long taskId, int rater, IReadOnlyList<ResultItem> result, Func<ConsensusControl, string?>? textOf)
    {
        switch (Control.Kind)
        {
            case ConsensusKind.Category when AnnotationMapping.Category(Control, result) is { } label:
                Labels.Add(label);
                break;
            case ConsensusKind.Numeric when AnnotationMapping.Rating(Control, result) is { } rating:
                Labels.Add((int)Math.Round(rating) - 1);
                break;
            case ConsensusKind.MultiChoice:
                Masks.Add(AnnotationMapping.ChoiceMask(Control, result));
                break;
            case ConsensusKind.Text when AnnotationMapping.Text(Control, result) is { } text:
                Texts.Add(text);
                break;
            case ConsensusKind.Spans:
                Spans.Add(AnnotationMapping.Spans(Control, result));
                break;
            default:
                return;
        }
        if (!_itemIndex.TryGetValue(taskId, out var item))
        {
            item = TaskIds.Count;
            _itemIndex.Add(taskId, item);
            TaskIds.Add(taskId);
            if (Control.Kind == ConsensusKind.Spans) ItemTexts.Add(textOf?.Invoke(Control));
        }
        Items.Add(item);
        Raters.Add(rater);
    }
}
