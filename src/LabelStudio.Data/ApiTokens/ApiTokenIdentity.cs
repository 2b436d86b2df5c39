namespace LabelStudio.Data.ApiTokens;

/// <summary>An active token found by its secret: which token and whose.</summary>
public sealed record ApiTokenIdentity(long TokenId, string UserId);
