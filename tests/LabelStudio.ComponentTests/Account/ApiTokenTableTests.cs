using Bunit;
using LabelStudio.Data.ApiTokens;
using LabelStudio.Web.Features.Account;

namespace LabelStudio.ComponentTests.Account;

public sealed class ApiTokenTableTests : BunitTestBase
{
    private static readonly DateTime Created = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Render_ActiveAndRevokedTokens_OnlyActiveOnesCanBeRevoked_AndNeverUsedSaysSo()
    {
        var tokens = new[]
        {
            new ApiTokenView(2, "u1", "ann@test.local", "nightly export", "ls_AbCdEfG", Created, null, null),
            new ApiTokenView(1, "u1", "ann@test.local", "old script", "ls_ZyXwVuT", Created, Created.AddDays(1), Created.AddDays(2)),
        };
        ApiTokenView? revoked = null;

        var table = Render<ApiTokenTable>(p => p.Add(t => t.Tokens, tokens).Add(t => t.OnRevoke, t => revoked = t));

        var rows = table.FindAll("[data-testid=token-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("never", rows[0].QuerySelector("[data-testid=token-row-last-used]")!.TextContent);
        Assert.Contains("ls_AbCdEfG…", rows[0].TextContent);
        Assert.NotNull(rows[1].QuerySelector("[data-testid=token-row-revoked]"));
        Assert.Single(table.FindAll("[data-testid=token-revoke]"));
        Assert.Empty(table.FindAll("[data-testid=token-row-owner]"));
        table.Find("[data-testid=token-revoke]").Click();
        Assert.Equal(2, revoked?.Id);
    }

    [Fact]
    public void Render_ForAdministrators_ShowsTheOwner_AndAnEmptyListSaysWhy()
    {
        var withOwner = Render<ApiTokenTable>(p => p.Add(t => t.ShowOwner, true)
            .Add(t => t.Tokens, [new ApiTokenView(3, "u2", "bob@test.local", "ci", "ls_QqQqQqQ", Created, null, null)]));
        Assert.Equal("bob@test.local", withOwner.Find("[data-testid=token-row-owner]").TextContent);

        var empty = Render<ApiTokenTable>(p => p.Add(t => t.Tokens, []).Add(t => t.EmptyText, "You have no API tokens yet."));
        Assert.Contains("You have no API tokens yet.", empty.Find("[data-testid=tokens-empty]").TextContent);
    }
}
