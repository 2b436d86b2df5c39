using LabelStudio.Data.Database;

namespace LabelStudio.Data.Labeling;

public static class AnnotationQueries
{
    /// <summary>
    /// Annotations that no later revision of the same rater on the same task has replaced: what consensus, quality and
    /// progress count. Older revisions stay in the table for the record.
    /// </summary>
    public static IQueryable<Annotation> CurrentAnnotations(this AppDbContext db) =>
        db.Annotations.Where(a => !db.Annotations.Any(n => n.TaskId == a.TaskId && n.UserId == a.UserId && n.Revision > a.Revision));
}
