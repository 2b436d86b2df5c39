using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// How a task's imported annotations count, decided before they are written. Annotations with an author count as that
/// author's ratings; when an author has several on the task, the latest (by <c>created_at</c>, then file order) is the
/// current one and the earlier ones are its revisions, as a rater's revised answers are. An author whose current
/// annotation is cancelled (<c>was_cancelled</c>) skipped the task. Annotations without an author are kept but count for nothing,
/// and so are <c>ground_truth</c> ones: they become the task's gold answer, and a gold answer voting in its own consensus
/// would make every gold task agree with itself.
/// </summary>
/// <param name="Order">The annotations in writing order (every revision after the one it replaces), each with its revision
/// number and the position in <paramref name="Order"/> of the revision it replaces.</param>
internal sealed record ImportedRatings(IReadOnlyList<(ImportedAnnotation Annotation, int Revision, int? Previous)> Order, int Completed, int Skipped)
{
    public static readonly ImportedRatings None = new([], 0, 0);

    /// <summary>Per position in <see cref="Order"/>: a later revision replaces it, so its id is needed.</summary>
    public bool[] Replaced { get; } = Flags(Order);

    private static bool[] Flags(IReadOnlyList<(ImportedAnnotation Annotation, int Revision, int? Previous)> order)
    {
        var replaced = new bool[order.Count];
        foreach (var (_, _, previous) in order)
        {
            if (previous is { } p) replaced[p] = true;
        }
        return replaced;
    }

    public static ImportedRatings Plan(IReadOnlyList<ImportedAnnotation> annotations)
    {
        if (annotations.Count == 0) return None;
        var revision = new int[annotations.Count];
        var completed = 0;
        var skipped = 0;
        foreach (var author in Enumerable.Range(0, annotations.Count).Where(i => Counts(annotations[i]))
                     .GroupBy(i => annotations[i].CompletedBy, StringComparer.Ordinal))
        {
            var byTime = author.OrderBy(i => annotations[i].CreatedAt ?? DateTime.MinValue).ThenBy(i => i).ToList();
            for (var r = 0; r < byTime.Count; r++) revision[byTime[r]] = r;
            if (annotations[byTime[^1]].WasCancelled) skipped++;
            else completed++;
        }
        var order = Enumerable.Range(0, annotations.Count).OrderBy(i => revision[i]).ThenBy(i => i).ToList();
        var position = new Dictionary<(string, int), int>();
        var result = new List<(ImportedAnnotation, int, int?)>(order.Count);
        foreach (var i in order)
        {
            var a = annotations[i];
            int? previous = null;
            if (Counts(a))
            {
                if (revision[i] > 0) previous = position[(a.CompletedBy!, revision[i] - 1)];
                position[(a.CompletedBy!, revision[i])] = result.Count;
            }
            result.Add((a, revision[i], previous));
        }
        return new ImportedRatings(result, completed, skipped);
    }

    /// <summary>Whether the annotation counts as its author's rating (or skip).</summary>
    public static bool Counts(ImportedAnnotation a) => !string.IsNullOrEmpty(a.CompletedBy) && !(a.GroundTruth && !a.WasCancelled);
}
