using System.Security.Claims;
using Bunit;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Web.Features.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Admin;

/// <summary>The users page against the real <see cref="UserService"/> on a throw-away SQLite file.</summary>
public sealed class UsersPageTests : BunitTestBase, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ls-users-page-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _backend;
    private string _adminId = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = _directory,
            ["Demo:Seed"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddLabelStudioCore(configuration);
        services.AddLabelStudioIdentityCore();
        _backend = services.BuildServiceProvider();
        await DatabaseInitializer.MigrateAsync(_backend);

        var users = _backend.CreateScope().ServiceProvider.GetRequiredService<UserService>();
        _adminId = (await users.CreateAsync(new NewUser("admin@example.org", "Ada Admin", Roles.Admin, "Admin-pass1"), Actor.System)).User.Id;
        await users.CreateAsync(new NewUser("rita@example.org", "Rita Rater", Roles.Rater, null), Actor.System);
        var locked = await users.CreateAsync(new NewUser("lee@example.org", "Lee Lead", Roles.Lead, null), Actor.System);
        await users.SetLockedAsync(locked.User.Id, true, Actor.System);

        Context.Services.AddSingleton(users);
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("admin@example.org");
        auth.SetRoles(Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _adminId));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_backend is not null) await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void UsersPage_AsAdmin_ListsEveryUserWithRoleAndLockState()
    {
        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=user-row]").Count));
        var rows = page.FindAll("[data-testid=user-row]");
        Assert.Equal(["admin@example.org", "lee@example.org", "rita@example.org"],
            rows.Select(r => r.QuerySelector("[data-testid=user-row-email]")!.TextContent));
        Assert.NotNull(rows[1].QuerySelector("[data-testid=user-row-locked]"));
        Assert.Contains("Lead", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("3 of 3 users · 1 locked", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void UsersPage_Search_FiltersRows()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=user-row]").Count));

        page.Find("input[data-testid=user-search]").Input("rita");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=user-row]")));
        Assert.Contains("rita@example.org", page.Find("[data-testid=user-row]").TextContent, StringComparison.Ordinal);
    }
}
