namespace LabelStudio.Data.ApiTokens;

/// <summary>A token as its owner and administrators see it (never the secret).</summary>
public sealed record ApiTokenView(long Id, string UserId, string UserEmail, string Name, string Prefix, DateTime CreatedAt,
    DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}
