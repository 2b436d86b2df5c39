using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace LabelStudio.Web.Features.Identity;

/// <summary>
/// Password sign-in for the page (cookie) and for <c>POST /api/auth/token</c> (bearer token). It answers an unknown email
/// exactly as a wrong password (same message, and a password hash is computed either way so the time is alike), keeps
/// Identity's lockout after repeated failures, and records every attempt in the audit log.
/// </summary>
internal sealed class SignInService(UserManager<AppUser> users, SignInManager<AppUser> signInManager, AuditLog audit)
{
    public const string FailedMessage = "Wrong email or password.";

    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool persistent, string scheme, string via)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DecoyHash.Value, password);
            await FailedAsync(null, email, $"{via}: unknown email");
            return SignInOutcome.Failed;
        }
        if (await users.IsLockedOutAsync(user))
        {
            // Checked without counting a failure: the lockout is already there.
            var correct = await users.CheckPasswordAsync(user, password);
            await FailedAsync(user.Id, email, $"{via}: account locked");
            return correct ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        }
        var result = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await FailedAsync(user.Id, email, result.IsLockedOut ? $"{via}: wrong password; the account is now locked for a while" : $"{via}: wrong password");
            return SignInOutcome.Failed;
        }
        signInManager.AuthenticationScheme = scheme;
        await signInManager.SignInAsync(user, persistent);
        await audit.RecordAsync(AuditActions.SignIn, new Actor(user.Id, false, false), AuditTarget.User(user.Id), via, actorEmail: user.Email);
        return SignInOutcome.Succeeded;
    }

    private Task FailedAsync(string? userId, string email, string details) =>
        audit.RecordAsync(AuditActions.SignInFailed, new Actor(userId, false, false), userId is null ? null : AuditTarget.User(userId),
            details, actorEmail: email.Length > 256 ? email[..256] : email);
}
