namespace LabelStudio.Data.Identity;

/// <summary>Global roles. They gate pages; project membership gates data.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Lead = "Lead";
    public const string Rater = "Rater";

    public static readonly IReadOnlyList<string> All = [Admin, Lead, Rater];

    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
