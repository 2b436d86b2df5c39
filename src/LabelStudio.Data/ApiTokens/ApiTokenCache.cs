using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.ApiTokens;

/// <summary>Finds active tokens by their hash, cached briefly (revoking in this process drops the entry at once).</summary>
public sealed class ApiTokenCache(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ShortLivedCache<ApiTokenIdentity> _cache = new(Lifetime, clock);

    public async ValueTask<ApiTokenIdentity?> FindAsync(string token, CancellationToken ct = default) =>
        ApiTokenSecret.LooksValid(token) ? await _cache.GetOrLoadAsync(ApiTokenSecret.Hash(token), LoadAsync, ct) : null;

    public void Invalidate(string hash) => _cache.Invalidate(hash);

    private async Task<ApiTokenIdentity?> LoadAsync(string hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.Hash == hash && t.RevokedAt == null)
            .Select(t => new ApiTokenIdentity(t.Id, t.UserId)).FirstOrDefaultAsync(ct);
    }
}
