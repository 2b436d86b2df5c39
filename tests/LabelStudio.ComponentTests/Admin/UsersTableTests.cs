using Bunit;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Identity;
using LabelStudio.Web.Features.Admin;

namespace LabelStudio.ComponentTests.Admin;

public sealed class UsersTableTests : BunitTestBase
{
    private static readonly DateTime Created = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void UsersTable_ThreeUsers_RendersOneRowEachWithRoleAndStatus()
    {
        UserView[] users =
        [
            new("a", "admin@example.org", "Ada Admin", Roles.Admin, false, Created, 0),
            new("l", "lead@example.org", "Lee Lead", Roles.Lead, false, Created, 2),
            new("r", "rater@example.org", "Rita Rater", Roles.Rater, true, Created, 5),
        ];

        var table = Render<UsersTable>(p => p.Add(t => t.Users, users).Add(t => t.CurrentUserId, "a"));

        var rows = table.FindAll("[data-testid=user-row]");
        Assert.Equal(3, rows.Count);
        Assert.Equal("rater@example.org", rows[2].QuerySelector("[data-testid=user-row-email]")!.TextContent);
        Assert.Contains("Rater", rows[2].QuerySelector("[data-testid=user-row-role]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(rows[2].QuerySelector("[data-testid=user-row-locked]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=user-row-locked]"));
        Assert.Contains("you", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-01-02", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void UsersTable_NoUsers_ShowsEmptyText()
    {
        var table = Render<UsersTable>(p => p.Add(t => t.Users, Array.Empty<UserView>()).Add(t => t.EmptyText, "No user matches the filter."));

        Assert.Empty(table.FindAll("[data-testid=user-row]"));
        Assert.Contains("No user matches the filter.", table.Find("[data-testid=users-empty]").TextContent, StringComparison.Ordinal);
    }
}
