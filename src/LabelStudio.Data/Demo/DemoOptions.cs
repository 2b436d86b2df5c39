namespace LabelStudio.Data.Demo;

/// <summary>The <c>Demo</c> section: whether an empty database gets demo users and projects, and their password.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; } = true;
    public string Password { get; set; } = "LabelStudio-demo1";
    public string EmailDomain { get; set; } = "labelstudio.local";

    internal static IEnumerable<string> Validate(DemoOptions o)
    {
        if (o.Seed && (o.Password?.Length ?? 0) < 8) yield return "Demo:Password must be at least 8 characters long.";
        if (string.IsNullOrWhiteSpace(o.EmailDomain) || o.EmailDomain.Contains('@')) yield return "Demo:EmailDomain must be a domain such as labelstudio.local.";
    }
}
