using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Click feedback as one more rater in the project's quality recompute: where a task's (query, doc) pair has a click
/// decision (relevant or not; abstentions are no answer), that decision is added as the answer of the pseudo-rater
/// <see cref="RaterId"/> on the primary single-choice control. Dawid–Skene then estimates its confusion matrix beside
/// the human raters', and the rater table shows its agreement and accuracy like anyone else's. It never counts towards
/// a task's required ratings and is not part of the submit-time scoring of a task.
/// </summary>
public static class ClickFeedbackSource
{
    public const string RaterId = "feedback:click";
    public const string DisplayName = "Click feedback";

    public static async Task<int> AddToAsync(AppDbContext db, long projectId, IReadOnlyList<ConsensusControl> controls,
        ProjectRatings ratings, CancellationToken ct)
    {
        var control = controls.FirstOrDefault(c => c.Kind == ConsensusKind.Category);
        if (control is null) return 0;
        var minGrade = await FeedbackLabelExporter.RelevantMinGradeAsync(db, projectId, ct);
        var (relevant, notRelevant) = ChoicesFor(control.Categories, minGrade);
        if (relevant is null || notRelevant is null) return 0;

        // The current generation's decided labels of tasks.
        var decisions = await FeedbackService.Current(db, projectId).AsNoTracking()
            .Where(l => l.TaskId != null && l.Decision != -1)
            .Select(l => new { TaskId = l.TaskId!.Value, l.Decision })
            .ToListAsync(ct);
        foreach (var d in decisions)
        {
            var value = d.Decision == 1 ? relevant : notRelevant;
            var item = new ResultItem(ResultIds.New(), control.Name, control.Control.ToName, control.Control.ResultType,
                new System.Text.Json.Nodes.JsonObject { ["choices"] = new System.Text.Json.Nodes.JsonArray(value) });
            ratings.Add(d.TaskId, RaterId, [item]);
        }
        return decisions.Count;
    }

    /// <summary>The choice that stands for "relevant" (highest grade at or above the threshold) and for "not relevant".</summary>
    internal static (string? Relevant, string? NotRelevant) ChoicesFor(IReadOnlyList<string> choices, int minGrade)
    {
        var graded = choices.Select(c => (Choice: c, Grade: HumanRelevance.GradeOfChoice(c))).Where(x => x.Grade is not null).ToList();
        var relevant = graded.Where(x => x.Grade >= minGrade).OrderByDescending(x => x.Grade).Select(x => x.Choice).FirstOrDefault();
        var notRelevant = graded.Where(x => x.Grade < minGrade).OrderBy(x => x.Grade).Select(x => x.Choice).FirstOrDefault();
        return (relevant, notRelevant);
    }
}
