using System.Security.Cryptography;
using System.Text;

namespace LabelStudio.Data.ApiTokens;

/// <summary>Token text: "ls_" and 32 random bytes in URL-safe Base64 (256 bits, so a plain SHA-256 is a safe hash).</summary>
public static class ApiTokenSecret
{
    public const string Scheme = "ls_";
    public const int PrefixLength = 10;

    public static string Generate() =>
        Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check before any lookup, so garbage never reaches the database.</summary>
    public static bool LooksValid(string token) =>
        token.Length is > 20 and < 100 && token.StartsWith(Scheme, StringComparison.Ordinal)
        && token.AsSpan(Scheme.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;
}
