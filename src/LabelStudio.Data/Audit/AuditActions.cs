namespace LabelStudio.Data.Audit;

/// <summary>
/// Every action the audit log records, in one place. Names are <c>area.verb</c> in lower case and never change once
/// shipped (filters and downloaded logs depend on them). A feature that records something new adds its constant here
/// and to <see cref="All"/>, then calls <see cref="AuditLog.RecordAsync"/> (or <see cref="AuditLog.Add"/> inside its
/// own transaction).
/// </summary>
public static class AuditActions
{
    /// <summary>A user signed in (page or <c>POST /api/auth/token</c>); details say which.</summary>
    public const string SignIn = "auth.sign_in";
    /// <summary>A sign-in was refused (unknown email, wrong password, locked account); the typed email is kept.</summary>
    public const string SignInFailed = "auth.sign_in_failed";
    /// <summary>A user signed out of the browser.</summary>
    public const string SignOut = "auth.sign_out";

    /// <summary>An administrator created a user.</summary>
    public const string UserCreated = "user.created";
    /// <summary>A user's role changed; details hold the old and the new role.</summary>
    public const string RoleChanged = "user.role_changed";
    /// <summary>An administrator locked a user (their sessions and tokens stop working).</summary>
    public const string UserLocked = "user.locked";
    /// <summary>An administrator unlocked a user.</summary>
    public const string UserUnlocked = "user.unlocked";
    /// <summary>An administrator reset a user's password (the user's sessions end).</summary>
    public const string PasswordReset = "user.password_reset";

    /// <summary>A user was added to a project or their project role changed.</summary>
    public const string MemberSet = "project.member_set";
    /// <summary>A user was removed from a project.</summary>
    public const string MemberRemoved = "project.member_removed";

    /// <summary>A personal API token was created.</summary>
    public const string TokenCreated = "token.created";
    /// <summary>A personal API token was revoked (by its owner, an administrator, or by locking the owner).</summary>
    public const string TokenRevoked = "token.revoked";
    /// <summary>A personal API token was used; recorded at most once per token per hour.</summary>
    public const string TokenUsed = "token.used";

    /// <summary>A task's gold answer was set.</summary>
    public const string GoldSet = "gold.set";
    /// <summary>A task's gold answer was retracted.</summary>
    public const string GoldRetracted = "gold.retracted";

    /// <summary>A lead resolved a task (accept, edit, more ratings, invalid); details hold the decision and the comment.</summary>
    public const string Resolved = "review.resolved";

    /// <summary>A dataset version was created (details: its number, name, scope and formats).</summary>
    public const string DatasetCreated = "dataset.created";
    /// <summary>A file of a dataset version was downloaded (details: the format and its SHA-256).</summary>
    public const string DatasetDownloaded = "dataset.downloaded";
    /// <summary>A click log was ingested into a project; details hold the file and the ingest.</summary>
    public const string FeedbackIngested = "feedback.ingested";
    /// <summary>A click-log ingest was rolled back (its evidence no longer counts).</summary>
    public const string FeedbackRolledBack = "feedback.rolled_back";
    /// <summary>Click-feedback labels were recomputed from the accumulated evidence.</summary>
    public const string FeedbackRecomputed = "feedback.recomputed";

    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignInFailed, SignOut,
        UserCreated, RoleChanged, UserLocked, UserUnlocked, PasswordReset,
        MemberSet, MemberRemoved,
        TokenCreated, TokenRevoked, TokenUsed,
        GoldSet, GoldRetracted,
        Resolved,
        DatasetCreated, DatasetDownloaded,
        FeedbackIngested, FeedbackRolledBack, FeedbackRecomputed,
    ];
}
