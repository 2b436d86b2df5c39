using System.Security.Cryptography;
using LabelStudio.Data.ApiTokens;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Admin;

/// <summary>
/// User administration: create, set role, reset password, lock and unlock. Each user has one global role.
/// A role change, a lock and a password reset change the user's security stamp, so their cookies and bearer tokens stop
/// working at their next request (see <see cref="UserAccessCache"/>); locking also revokes their personal API tokens.
/// Each change and its audit event are one transaction.
/// </summary>
public sealed class UserService(UserManager<AppUser> userManager, AppDbContext identityDb, IDbContextFactory<AppDbContext> dbFactory,
    UserAccessCache access, ApiTokenService tokens, AuditLog audit)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var rows = await (from u in db.Users.AsNoTracking()
                          orderby u.Email
                          select new
                          {
                              u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.CreatedAt,
                              Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                      where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                              Projects = db.ProjectMembers.Count(m => m.UserId == u.Id),
                          }).ToListAsync(ct);
        return rows.Select(r => new UserView(r.Id, r.Email ?? "", r.DisplayName, r.Role ?? Roles.Rater,
            r.LockoutEnd is { } end && end > now, r.CreatedAt, r.Projects)).ToList();
    }

    public async Task<CreatedUser> CreateAsync(NewUser request, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var role = Roles.Normalize(request.Role)
                   ?? throw new DomainValidationException($"Role \"{request.Role}\" is not one of {string.Join(", ", Roles.All)}.");
        var email = request.Email?.Trim() ?? "";
        // The column holds 256 characters (Identity's schema); an address longer than the standard allows is refused.
        if (email.Length > 254) throw new DomainValidationException($"The email address is {email.Length} characters long; at most 254 are allowed.");
        if ((request.DisplayName?.Length ?? 0) > 200) throw new DomainValidationException("The display name must be at most 200 characters.");
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            throw new DomainValidationException($"\"{email}\" is not a valid email address.");
        if (await userManager.FindByEmailAsync(email) is not null)
            throw new DomainValidationException($"A user with email {email} already exists.");

        var generated = string.IsNullOrEmpty(request.Password) ? GeneratePassword() : null;
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email.Split('@')[0] : request.DisplayName.Trim(),
            LockoutEnabled = true,
        };
        await InTransactionAsync(async () =>
        {
            Check(await userManager.CreateAsync(user, request.Password is { Length: > 0 } p ? p : generated!));
            Check(await userManager.AddToRoleAsync(user, role));
            await audit.AddAsync(identityDb, AuditActions.UserCreated, actor, AuditTarget.User(user.Id), $"as {role}", ct: ct);
        }, ct);
        return new CreatedUser(new UserView(user.Id, email, user.DisplayName, role, false, user.CreatedAt, 0), generated);
    }

    public async Task SetRoleAsync(string userId, string role, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var normalized = Roles.Normalize(role)
                         ?? throw new DomainValidationException($"Role \"{role}\" is not one of {string.Join(", ", Roles.All)}.");
        var user = await FindAsync(userId);
        if (user.Id == actor.UserId && normalized != Roles.Admin)
            throw new DomainValidationException("You cannot remove your own administrator role.");
        var current = await userManager.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == normalized) return;
        await InTransactionAsync(async () =>
        {
            Check(await userManager.RemoveFromRolesAsync(user, current));
            Check(await userManager.AddToRoleAsync(user, normalized));
            Check(await userManager.UpdateSecurityStampAsync(user));
            await audit.AddAsync(identityDb, AuditActions.RoleChanged, actor, AuditTarget.User(user.Id),
                $"{user.Email}: {string.Join(", ", current)} → {normalized}", ct: ct);
        }, ct);
        access.Invalidate(user.Id);
    }

    public async Task<string> ResetPasswordAsync(string userId, string? newPassword, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var user = await FindAsync(userId);
        var password = string.IsNullOrEmpty(newPassword) ? GeneratePassword() : newPassword;
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        await InTransactionAsync(async () =>
        {
            // ResetPasswordAsync also changes the security stamp, which ends the user's sessions.
            Check(await userManager.ResetPasswordAsync(user, token, password));
            await audit.AddAsync(identityDb, AuditActions.PasswordReset, actor, AuditTarget.User(user.Id), user.Email, ct: ct);
        }, ct);
        access.Invalidate(user.Id);
        return password;
    }

    public async Task SetLockedAsync(string userId, bool locked, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var user = await FindAsync(userId);
        if (locked && user.Id == actor.UserId) throw new DomainValidationException("You cannot lock your own account.");
        await InTransactionAsync(async () =>
        {
            Check(await userManager.SetLockoutEnabledAsync(user, true));
            Check(await userManager.SetLockoutEndDateAsync(user, locked ? AdminLock.Until : null));
            if (locked)
            {
                Check(await userManager.UpdateSecurityStampAsync(user));
                var revoked = await tokens.RevokeAllAsync(identityDb, user.Id, actor, ct);
                await audit.AddAsync(identityDb, AuditActions.UserLocked, actor, AuditTarget.User(user.Id),
                    revoked == 0 ? user.Email : $"{user.Email}; {revoked} API token(s) revoked", ct: ct);
            }
            else
            {
                Check(await userManager.ResetAccessFailedCountAsync(user));
                await audit.AddAsync(identityDb, AuditActions.UserUnlocked, actor, AuditTarget.User(user.Id), user.Email, ct: ct);
            }
        }, ct);
        access.Invalidate(user.Id);
    }

    /// <summary>
    /// Runs Identity's writes and the audit rows on the one context Identity uses, in one transaction (Identity saves
    /// after each call; the final save writes what the work added itself).
    /// </summary>
    private async Task InTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        await using var tx = await identityDb.Database.BeginTransactionAsync(ct);
        await work();
        await identityDb.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<AppUser> FindAsync(string userId) =>
        await userManager.FindByIdAsync(userId) ?? throw new NotFoundException($"User {userId} does not exist.");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainValidationException(result.Errors.Select(e => e.Description).ToList());
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[14];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        // Identity's default rules want a digit, a lower and an upper case letter.
        chars[3] = '7'; chars[7] = 'k'; chars[11] = 'Q';
        return new string(chars);
    }
}
