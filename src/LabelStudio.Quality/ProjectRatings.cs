using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

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
