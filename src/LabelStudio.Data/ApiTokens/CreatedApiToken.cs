namespace LabelStudio.Data.ApiTokens;

/// <summary>A new token: <see cref="Token"/> is shown once and never stored.</summary>
public sealed record CreatedApiToken(ApiTokenView View, string Token);
