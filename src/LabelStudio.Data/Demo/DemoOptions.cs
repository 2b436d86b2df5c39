using Microsoft.Extensions.Configuration;

namespace LabelStudio.Data.Demo;

/// <summary>The <c>Demo</c> section: whether an empty database gets demo users and projects, and their password.</summary>
public sealed record DemoOptions(bool Seed, string Password, string EmailDomain)
{
    public static DemoOptions FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("Demo:Seed", true),
        configuration["Demo:Password"] is { Length: > 0 } p ? p : "LabelStudio-demo1",
        configuration["Demo:EmailDomain"] is { Length: > 0 } d ? d : "labelstudio.local");
}
