using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.ApiTokens;

/// <summary>
/// Personal API tokens: a user creates, lists and revokes their own; administrators list and revoke anyone's.
/// A token cannot create tokens (a stolen token must not be able to outlive its revocation).
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<AppDbContext> dbFactory, ApiTokenCache cache, AuditLog audit, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    public const int MaxActivePerUser = 20;

    public async Task<CreatedApiToken> CreateAsync(string? name, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        if (actor.ViaApiToken) throw new AccessDeniedException("Create tokens from a signed-in session, not with a token.");
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
            throw new DomainValidationException($"name: give the token a name of 1 to {MaxNameLength} characters.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var active = await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null, ct);
        if (active >= MaxActivePerUser)
            throw new DomainValidationException($"You already have {MaxActivePerUser} active tokens; revoke one first.");
        var secret = ApiTokenSecret.Generate();
        var token = new ApiToken
        {
            UserId = userId, Name = name, Prefix = secret[..ApiTokenSecret.PrefixLength], Hash = ApiTokenSecret.Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        await audit.AddAsync(db, AuditActions.TokenCreated, actor, AuditTarget.Token(token.Id), $"\"{name}\" ({token.Prefix}…)", ct: ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var view = await Views(db, db.ApiTokens.Where(t => t.Id == token.Id)).FirstAsync(ct);
        return new CreatedApiToken(view, secret);
    }

    public async Task<IReadOnlyList<ApiTokenView>> ListMineAsync(Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Views(db, db.ApiTokens.Where(t => t.UserId == userId)).ToListAsync(ct);
    }

    /// <summary>Administrators: every token, or one user's.</summary>
    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(string? userId, bool includeRevoked, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = db.ApiTokens.AsQueryable();
        if (!string.IsNullOrEmpty(userId)) tokens = tokens.Where(t => t.UserId == userId);
        if (!includeRevoked) tokens = tokens.Where(t => t.RevokedAt == null);
        return await Views(db, tokens).ToListAsync(ct);
    }

    /// <summary>
    /// Revokes a token of the caller, or with <paramref name="ownOnly"/> false any token (administrators only).
    /// Revoking twice is not an error.
    /// </summary>
    public async Task<ApiTokenView> RevokeAsync(long tokenId, Actor actor, bool ownOnly, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        if (!ownOnly) ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        // Someone else's token is "not found", so ids cannot be probed.
        if (token is null || (ownOnly && token.UserId != userId))
            throw new NotFoundException($"Token {tokenId} does not exist.");
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow().UtcDateTime;
            token.RevokedById = userId;
            await audit.AddAsync(db, AuditActions.TokenRevoked, actor, AuditTarget.Token(token.Id),
                token.UserId == userId ? $"\"{token.Name}\"" : $"\"{token.Name}\" of user {token.UserId}", ct: ct);
            await db.SaveChangesAsync(ct);
        }
        cache.Invalidate(token.Hash);
        return await Views(db, db.ApiTokens.Where(t => t.Id == tokenId)).FirstAsync(ct);
    }

    /// <summary>Revokes every active token of a user inside the caller's transaction (locking a user does this).</summary>
    public async Task<int> RevokeAllAsync(AppDbContext db, string userId, Actor actor, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var token in tokens)
        {
            token.RevokedAt = now;
            token.RevokedById = actor.UserId;
            await audit.AddAsync(db, AuditActions.TokenRevoked, actor, AuditTarget.Token(token.Id),
                $"\"{token.Name}\" of user {userId}: the user was locked", ct: ct);
            cache.Invalidate(token.Hash);
        }
        return tokens.Count;
    }

    private static IQueryable<ApiTokenView> Views(AppDbContext db, IQueryable<ApiToken> tokens) =>
        from t in tokens.AsNoTracking()
        join u in db.Users on t.UserId equals u.Id
        orderby t.RevokedAt == null descending, t.Id descending
        select new ApiTokenView(t.Id, t.UserId, u.Email ?? "", t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}
