using System.Security.Claims;
using Bunit;
using LabelStudio.ComponentTests.Review;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.Web.Features.Projects.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace LabelStudio.ComponentTests.Projects;

/// <summary>The members panel against the real services: after adding a lead the role select is back on Rater.</summary>
public sealed class MembersPanelTests : BunitTestBase, IAsyncLifetime
{
    private ReviewBackend _backend = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _backend = await ReviewBackend.StartAsync();
        Context.Services.AddSingleton(_backend.Get<ProjectService>());
        Context.Services.AddSingleton(_backend.Get<UserService>());
        // A real administrator: membership changes are audited under the acting user's id.
        var adminId = (await _backend.Get<UserService>().CreateAsync(new NewUser("admin@example.org", "Ada", Roles.Admin, "Password-123"),
            Data.Common.Actor.System)).User.Id;
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("admin@example.org");
        auth.SetRoles(Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, adminId));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Add_AsLead_ResetsTheRoleSelectToRater()
    {
        var newcomer = (await _backend.Get<UserService>().CreateAsync(new NewUser("newcomer@example.org", "Nia", Roles.Lead, "Password-123"),
            Data.Common.Actor.System)).User.Id;
        var panel = Render<MembersPanel>(p => p.Add(c => c.ProjectId, _backend.ProjectId));
        panel.WaitForElement("[data-testid=members-table]");
        var user = panel.FindComponent<MudSelect<string>>();
        var role = panel.FindComponent<MudSelect<ProjectRole>>();

        await panel.InvokeAsync(() => user.Instance.ValueChanged.InvokeAsync(newcomer));
        await panel.InvokeAsync(() => role.Instance.ValueChanged.InvokeAsync(ProjectRole.Lead));
        panel.Find("[data-testid=add-member]").Click();

        panel.WaitForAssertion(() => Assert.Contains(panel.FindAll("[data-testid=member-row]"), r => r.GetAttribute("data-user-id") == newcomer));
        var members = await _backend.Get<ProjectService>().ListMembersAsync(_backend.ProjectId, Data.Common.Actor.System);
        Assert.Equal(ProjectRole.Lead, members.Single(m => m.UserId == newcomer).Role);
        Assert.Equal(ProjectRole.Rater, panel.FindComponent<MudSelect<ProjectRole>>().Instance.GetState(x => x.Value));
    }
}
