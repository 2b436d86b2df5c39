using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// How a task's imported annotations count, decided before they are written. Annotations with an author count as that
/// author's ratings; when an author has several on the task, the latest (by <c>created_at</c>, then file order) is the
/// current one and the earlier ones are its revisions, as a rater's revised answers are. An author whose current
/// annotation is cancelled (<c>was_cancelled</c>) skipped the task. Annotations without an author are kept but count for nothing,
/// and so are <c>ground_truth</c> ones: they become the task's gold answer, and a gold answer voting in its own consensus
/// would make every gold task agree with itself. Within a task, authors are told apart by the rule that tells a project's
/// imported raters apart (<see cref="ImportedRaterMap"/>): the same key, the same e-mail, or the same known rater is one
/// person, so naming someone by id in one annotation and by e-mail in another is that person's answer and its revision,
/// not two ratings.
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

    /// <param name="knownRater">The project's imported rater an author (key, name) already is, if any.</param>
    public static ImportedRatings Plan(IReadOnlyList<ImportedAnnotation> annotations, Func<string, string?, long?>? knownRater = null)
    {
        if (annotations.Count == 0) return None;
        var revision = new int[annotations.Count];
        var completed = 0;
        var skipped = 0;
        var person = People(annotations, knownRater);
        foreach (var author in Enumerable.Range(0, annotations.Count).Where(i => Counts(annotations[i])).GroupBy(i => person[i]))
        {
            var byTime = author.OrderBy(i => annotations[i].CreatedAt ?? DateTime.MinValue).ThenBy(i => i).ToList();
            for (var r = 0; r < byTime.Count; r++) revision[byTime[r]] = r;
            if (annotations[byTime[^1]].WasCancelled) skipped++;
            else completed++;
        }
        var order = Enumerable.Range(0, annotations.Count).OrderBy(i => revision[i]).ThenBy(i => i).ToList();
        var position = new Dictionary<(int, int), int>();
        var result = new List<(ImportedAnnotation, int, int?)>(order.Count);
        foreach (var i in order)
        {
            var a = annotations[i];
            int? previous = null;
            if (Counts(a))
            {
                if (revision[i] > 0) previous = position[(person[i], revision[i] - 1)];
                position[(person[i], revision[i])] = result.Count;
            }
            result.Add((a, revision[i], previous));
        }
        return new ImportedRatings(result, completed, skipped);
    }

    /// <summary>
    /// Per annotation, the first annotation of the same person: authors with the same key, the same e-mail (the key, or
    /// the e-mail a user object gave; without case) or the same known rater are one, transitively.
    /// </summary>
    private static int[] People(IReadOnlyList<ImportedAnnotation> annotations, Func<string, string?, long?>? knownRater)
    {
        var parent = new int[annotations.Count];
        for (var i = 0; i < parent.Length; i++) parent[i] = i;
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        void Join<TKey>(Dictionary<TKey, int> seen, TKey key, int i) where TKey : notnull
        {
            if (seen.TryGetValue(key, out var j)) parent[Find(i)] = Find(j);
            else seen[key] = i;
        }
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var byEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byRater = new Dictionary<long, int>();
        for (var i = 0; i < annotations.Count; i++)
        {
            var a = annotations[i];
            if (!Counts(a)) continue;
            Join(byKey, a.CompletedBy!, i);
            if (ImportedRaterMap.EmailOf(a.CompletedBy!, a.AuthorName) is { } email) Join(byEmail, email, i);
            if (knownRater?.Invoke(a.CompletedBy!, a.AuthorName) is { } rater) Join(byRater, rater, i);
        }
        var person = new int[annotations.Count];
        for (var i = 0; i < person.Length; i++) person[i] = Find(i);
        return person;
    }

    /// <summary>Whether the annotation counts as its author's rating (or skip).</summary>
    public static bool Counts(ImportedAnnotation a) => !string.IsNullOrEmpty(a.CompletedBy) && !(a.GroundTruth && !a.WasCancelled);
}
