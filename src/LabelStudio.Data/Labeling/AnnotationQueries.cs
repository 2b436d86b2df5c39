using LabelStudio.Data.Database;

namespace LabelStudio.Data.Labeling;

public static class AnnotationQueries
{
    /// <summary>
    /// Annotations that no later revision of the same rater on the same task has replaced: what consensus, quality and
    /// progress count. Older revisions stay in the table for the record.
    /// </summary>
    public static IQueryable<Annotation> CurrentAnnotations(this AppDbContext db) =>
        db.Annotations.Where(a => !db.Annotations.Any(n => n.TaskId == a.TaskId && n.UserId == a.UserId
                                                          && n.ImportedRaterId == a.ImportedRaterId && n.Revision > a.Revision));

    /// <summary>
    /// Current answers that count as ratings in agreement, consensus, conflicts and final labels: a rater's, or an imported
    /// one with an author (its <see cref="Annotation.ImportedRaterId"/>). Skips and authorless imports take no part.
    /// </summary>
    public static IQueryable<Annotation> CurrentRatings(this AppDbContext db) =>
        db.CurrentAnnotations().Where(a => !a.WasSkipped && (a.UserId != null || a.ImportedRaterId != null));
}
