using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>A rater as the quality and review pages show them.</summary>
/// <param name="Imported">An author of imported annotations, not an account.</param>
public sealed record RaterName(string Key, string Name, string Email, bool Imported);

/// <summary>Names of rater keys (<see cref="RaterKeys"/>): users, imported authors and click feedback, in two queries.</summary>
public static class RaterDirectory
{
    /// <summary>What an "Imported" marker beside a rater's name explains.</summary>
    public const string ImportedTitle = "Imported rater: the author of annotations imported with the tasks (Label Studio's completed_by). " +
                                        "Not an account: cannot sign in and gets no tasks.";

    public static async Task<Dictionary<string, RaterName>> LoadAsync(AppDbContext db, IEnumerable<string> keys, CancellationToken ct)
    {
        var all = keys.Distinct(StringComparer.Ordinal).ToList();
        var importedIds = all.Select(RaterKeys.ImportedId).OfType<long>().ToList();
        var userIds = all.Where(k => !RaterKeys.IsImported(k) && k != Feedback.ClickFeedbackSource.RaterId).ToList();
        var result = new Dictionary<string, RaterName>(StringComparer.Ordinal);
        if (userIds.Count > 0)
        {
            foreach (var u in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                         .Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct))
            {
                result[u.Id] = new RaterName(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, u.Email ?? "", false);
            }
        }
        if (importedIds.Count > 0)
        {
            foreach (var r in await db.ImportedRaters.AsNoTracking().Where(r => importedIds.Contains(r.Id))
                         .Select(r => new { r.Id, r.DisplayName }).ToListAsync(ct))
            {
                var key = RaterKeys.Imported(r.Id);
                result[key] = new RaterName(key, r.DisplayName, "", true);
            }
        }
        foreach (var key in all.Where(k => !result.ContainsKey(k)))
        {
            result[key] = key == Feedback.ClickFeedbackSource.RaterId
                ? new RaterName(key, Feedback.ClickFeedbackSource.DisplayName, "", false)
                : new RaterName(key, RaterKeys.IsImported(key) ? "(imported rater)" : "(deleted user)", "", RaterKeys.IsImported(key));
        }
        return result;
    }
}
