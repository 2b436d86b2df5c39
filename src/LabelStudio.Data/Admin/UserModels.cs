using System.Text.Json.Serialization;
namespace LabelStudio.Data.Admin;

public sealed record UserView(string Id, string Email, string DisplayName, string Role, bool IsLockedOut,
    DateTime CreatedAt, int ProjectCount);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewUser([property: JsonRequired] string Email, string DisplayName, [property: JsonRequired] string Role, string? Password);

/// <summary>A created user; <see cref="GeneratedPassword"/> is set when no password was given.</summary>
public sealed record CreatedUser(UserView User, string? GeneratedPassword);
