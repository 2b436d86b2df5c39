using System.Security.Cryptography;

namespace LabelStudio.Core.Results;

/// <summary>Region ids in Label Studio's style: 10 random URL-safe characters (e.g. <c>aB3xY9kLmQ</c>).</summary>
public static class ResultIds
{
    /// <summary>Characters ids are drawn from.</summary>
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /// <summary>Length of a new id.</summary>
    public const int Length = 10;

    /// <summary>A new random region id.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
