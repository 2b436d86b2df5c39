using LabelStudio.Consensus;
using LabelStudio.Core.Results;

namespace LabelStudio.Data.Consensus;

/// <summary>
/// All rater answers of a project, mapped per control into flat arrays as they stream in (no object per rating for
/// choices and ratings). Raters share one index across controls; each control has its own dense item index over the
/// tasks that have an answer for it.
/// </summary>
public sealed class ProjectRatings
{
    private readonly Dictionary<string, int> _raterIndex = new(StringComparer.Ordinal);
    private readonly HashSet<long> _tasks = [];
    private readonly Dictionary<long, DateOnly> _taskDay = [];

    public ProjectRatings(IReadOnlyList<ConsensusControl> controls)
    {
        Controls = controls.Select(c => new ControlRatings(c)).ToList();
    }

    public IReadOnlyList<ControlRatings> Controls { get; }

    public List<string> RaterIds { get; } = [];

    /// <summary>Annotations added.</summary>
    public int Count { get; private set; }

    public int TaskCount => _tasks.Count;

    /// <summary>The UTC day each task got its last dated rating (the day it is counted in the daily trend).</summary>
    public IReadOnlyDictionary<long, DateOnly> TaskDay => _taskDay;

    /// <summary>
    /// Adds one rater annotation; <paramref name="textOf"/> gives the task text for span controls, <paramref name="at"/> when
    /// it was made (for the daily trend; undated answers such as click feedback do not move a task's day).
    /// </summary>
    public void Add(long taskId, string userId, IReadOnlyList<ResultItem> result, Func<ConsensusControl, string?>? textOf = null,
        DateTime? at = null)
    {
        if (at is { } when)
        {
            var day = DateOnly.FromDateTime(when);
            if (!_taskDay.TryGetValue(taskId, out var current) || day > current) _taskDay[taskId] = day;
        }
        if (!_raterIndex.TryGetValue(userId, out var rater))
        {
            rater = RaterIds.Count;
            _raterIndex.Add(userId, rater);
            RaterIds.Add(userId);
        }
        Count++;
        _tasks.Add(taskId);
        foreach (var control in Controls)
        {
            control.Add(taskId, rater, result, textOf);
        }
    }
}

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
