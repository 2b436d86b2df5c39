namespace LabelStudio.Data.ApiTokens;

/// <summary>
/// A personal API token (<c>Authorization: Token &lt;token&gt;</c>). Only the SHA-256 of the secret is stored; the
/// token acts with its owner's current role and lock, never with rights of its own.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The first characters of the token, so its owner can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public string Hash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>When the token last authenticated a request (written at most once a minute).</summary>
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedById { get; set; }
}
