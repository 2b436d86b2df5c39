using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Identity;

/// <summary>
/// The current role, lock and security stamp of users, for checking every request without a database round trip each
/// time. An entry lives <see cref="Lifetime"/> and is dropped at once when this process changes the user
/// (<see cref="Invalidate"/>), so a change made here applies to the next request and one made elsewhere (another
/// instance, the command line) within the lifetime.
/// </summary>
public sealed class UserAccessCache(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ShortLivedCache<UserAccess> _cache = new(Lifetime, clock);

    public ValueTask<UserAccess?> GetAsync(string userId, CancellationToken ct = default) => _cache.GetOrLoadAsync(userId, LoadAsync, ct);

    public void Invalidate(string userId) => _cache.Invalidate(userId);

    private async Task<UserAccess?> LoadAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Email, u.DisplayName, u.SecurityStamp, u.LockoutEnd,
                Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                        where ur.UserId == u.Id select r.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        return row is null
            ? null
            : new UserAccess(userId, row.Email ?? "", row.DisplayName, row.SecurityStamp ?? "", row.Role ?? Roles.Rater,
                AdminLock.IsLocked(row.LockoutEnd));
    }
}
