namespace LabelStudio.Data.Admin;

public sealed record UserView(string Id, string Email, string DisplayName, string Role, bool IsLockedOut,
    DateTime CreatedAt, int ProjectCount);

public sealed record NewUser(string Email, string DisplayName, string Role, string? Password);

/// <summary>A created user; <see cref="GeneratedPassword"/> is set when no password was given.</summary>
public sealed record CreatedUser(UserView User, string? GeneratedPassword);
