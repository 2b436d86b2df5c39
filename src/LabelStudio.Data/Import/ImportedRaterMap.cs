using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Import;

/// <summary>
/// A project's imported raters by the key the files name them with, as one import writes: the visible ones, read when
/// the batch opens (only one batch of a project stages at a time), and those the batch adds. One rule decides who is
/// who: an author is the rater with the same key (the Label Studio user id, else the e-mail), else the rater with the
/// same e-mail (as a key, or as the e-mail a user object gave), compared without case. So an export that names an
/// author by e-mail and one that gives the user object with id and e-mail make one rater, not two. A rater known by
/// e-mail only takes the id as its key once a file gives both (<see cref="TryGet"/> says so), so that a later file
/// naming the author by id alone finds them too.
/// </summary>
internal sealed class ImportedRaterMap
{
    private readonly Dictionary<string, long> _byKey;
    private readonly Dictionary<string, long> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, string> _keyOf = [];

    private ImportedRaterMap(Dictionary<string, long> byKey, IEnumerable<(string Key, string Name, long Id)> raters)
    {
        _byKey = byKey;
        foreach (var (key, name, id) in raters.OrderBy(r => r.Id))
        {
            _keyOf.TryAdd(id, key);
            if (EmailOf(key, name) is { } email) _byEmail.TryAdd(email, id);
        }
    }

    public static async Task<ImportedRaterMap> LoadAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var raters = await db.ImportedRaters.AsNoTracking().Where(r => r.ProjectId == projectId)
            .Select(r => new { r.Id, r.ExternalKey, r.DisplayName }).ToListAsync(ct);
        var byKey = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in raters.OrderBy(r => r.Id)) byKey.TryAdd(r.ExternalKey, r.Id);
        return new ImportedRaterMap(byKey, raters.Select(r => (r.ExternalKey, r.DisplayName, r.Id)));
    }

    /// <summary>
    /// The rater of the author named <paramref name="key"/> (with the e-mail or name <paramref name="name"/>).
    /// <paramref name="newKey"/> is set when the rater was known by e-mail and <paramref name="key"/> is its id: the
    /// caller stores it as the rater's key.
    /// </summary>
    public bool TryGet(string key, string? name, out long id, out bool newKey)
    {
        newKey = false;
        if (_byKey.TryGetValue(key, out id)) return true;
        if (EmailOf(key, name) is not { } email || !_byEmail.TryGetValue(email, out id)) return false;
        _byKey[key] = id;
        if (!IsEmail(key) && IsEmail(_keyOf[id]))
        {
            _keyOf[id] = key;
            newKey = true;
        }
        return true;
    }

    /// <summary>The known rater <see cref="TryGet"/> would give, without recording anything; null for a new author.</summary>
    public long? Peek(string key, string? name) =>
        _byKey.TryGetValue(key, out var id) ? id
        : EmailOf(key, name) is { } email && _byEmail.TryGetValue(email, out id) ? id
        : null;

    public void Add(string key, string? name, long id)
    {
        _byKey[key] = id;
        _keyOf[id] = key;
        if (EmailOf(key, name) is { } email) _byEmail.TryAdd(email, id);
    }

    /// <summary>The e-mail or name the file gave, an author named by e-mail as such, else "Imported #12".</summary>
    public static string DisplayNameOf(string key, string? name) =>
        !string.IsNullOrWhiteSpace(name) ? name.Trim()
        : key.All(char.IsAsciiDigit) ? $"Imported #{key}"
        : key;

    /// <summary>The author's e-mail: the key when it is one, else the name when it is one.</summary>
    internal static string? EmailOf(string key, string? name) =>
        IsEmail(key) ? key.Trim() : name is not null && IsEmail(name) ? name.Trim() : null;

    private static bool IsEmail(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at < text.Length - 1 && !text.AsSpan().Trim().ContainsAny(' ', '\t');
    }
}
