namespace LabelStudio.Web.Features.Identity;

/// <summary>
/// What a sign-in attempt tells the caller. An unknown email and a wrong password are the same <see cref="Failed"/>;
/// <see cref="LockedOut"/> is said only to someone who typed the right password.
/// </summary>
internal enum SignInOutcome { Succeeded, Failed, LockedOut }
