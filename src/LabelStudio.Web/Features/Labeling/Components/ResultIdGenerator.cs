using System.Security.Cryptography;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>Region ids in Label Studio's style: 10 URL-safe random characters, e.g. <c>EI-7rKAGWv</c>.</summary>
internal static class ResultIdGenerator
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, 10);
}
