using System.ComponentModel.DataAnnotations;

namespace LabelStudio.Web.Features.Identity;

/// <summary><c>RateLimits:SignIn</c>: sign-in attempts (page posts and token requests) allowed per client address and window.</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimits:SignIn";

    [Range(1, 100_000)] public int PermitLimit { get; set; } = 30;
    [Range(1, 86_400)] public int WindowSeconds { get; set; } = 60;
}
