using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Import;

/// <summary>
/// A project's imported raters by the key the files name them with, as one import writes: the visible ones, read when
/// the batch opens (only one batch of a project stages at a time), and those the batch adds.
/// </summary>
internal sealed class ImportedRaterMap(Dictionary<string, long> byKey)
{
    public static async Task<ImportedRaterMap> LoadAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        new(await db.ImportedRaters.AsNoTracking().Where(r => r.ProjectId == projectId)
            .GroupBy(r => r.ExternalKey).Select(g => new { Key = g.Key, Id = g.Min(r => r.Id) })
            .ToDictionaryAsync(r => r.Key, r => r.Id, StringComparer.Ordinal, ct));

    public bool TryGet(string key, out long id) => byKey.TryGetValue(key, out id);

    public void Add(string key, long id) => byKey[key] = id;

    /// <summary>The e-mail or name the file gave, an author named by e-mail as such, else "Imported #12".</summary>
    public static string DisplayNameOf(string key, string? name) =>
        !string.IsNullOrWhiteSpace(name) ? name.Trim()
        : key.All(char.IsAsciiDigit) ? $"Imported #{key}"
        : key;
}
