using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;
    private string _adminId = "";

    public async Task InitializeAsync()
    {
        _adminId = await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
        _admin.DefaultRequestHeaders.UserAgent.ParseAdd("admin-console/1.0");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AdminActions_AreRecorded_WithWhoWhatTargetAndWhereFrom()
    {
        var raterId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var projectId = await _app.CreateProjectAsync("Audited", overlap: 1);
        var before = await _app.QueryAsync(db => db.AuditEvents.MaxAsync(e => e.Id));

        await _admin.PutAsJsonAsync($"/api/users/{raterId}/role", new { role = "Lead" });
        await _admin.PostAsJsonAsync($"/api/users/{raterId}/password", new { password = "Fresh-password-9" });
        await _admin.PutAsJsonAsync($"/api/users/{raterId}/lock", new { locked = true });
        await _admin.PutAsJsonAsync($"/api/users/{raterId}/lock", new { locked = false });
        Assert.Equal(HttpStatusCode.NoContent,
            (await _admin.PutAsJsonAsync($"/api/projects/{projectId}/members", new { userId = raterId, role = (int)ProjectRole.Lead })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/projects/{projectId}/members/{raterId}")).StatusCode);
        var token = await (await _admin.PostAsJsonAsync("/api/me/tokens", new { name = "audited" })).Content.ReadFromJsonAsync<JsonElement>();
        var tokenId = token.GetProperty("view").GetProperty("id").GetInt64();
        await _admin.DeleteAsync($"/api/me/tokens/{tokenId}");
        await _admin.ImportAsync(projectId, "t.jsonl", "{\"text\":\"x\"}\n");
        var taskId = await _app.QueryAsync(db => db.Tasks.Select(t => t.Id).SingleAsync());
        var gold = "[{\"id\":\"g1\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{\"choices\":[\"Positive\"]}}]";
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsync($"/api/tasks/{taskId}/gold?comment=checked",
            new StringContent(gold, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        await _admin.DeleteAsync($"/api/tasks/{taskId}/gold");

        var events = await _app.QueryAsync(db => db.AuditEvents.Where(e => e.Id > before)
            .OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
        [
            AuditActions.RoleChanged, AuditActions.PasswordReset, AuditActions.UserLocked, AuditActions.UserUnlocked,
            AuditActions.MemberSet, AuditActions.MemberRemoved, AuditActions.TokenCreated, AuditActions.TokenRevoked,
            AuditActions.GoldSet, AuditActions.GoldRetracted,
        ], events.Select(e => e.Action));
        Assert.All(events, e =>
        {
            Assert.Equal(_adminId, e.ActorId);
            Assert.Equal("admin@test.local", e.ActorEmail);
            Assert.Equal("127.0.0.1", e.IpAddress);
            Assert.Equal("admin-console/1.0", e.UserAgent);
        });
        Assert.Contains("Rater → Lead", events[0].Details);
        Assert.All(events.Take(6), e => Assert.Equal(("User", raterId), (e.TargetType, e.TargetId)));
        Assert.Equal(projectId, events[4].ProjectId);
        Assert.Equal(("Token", tokenId.ToString()), (events[6].TargetType, events[6].TargetId));
        Assert.Equal(("Task", taskId.ToString(), projectId), (events[8].TargetType, events[8].TargetId, events[8].ProjectId!.Value));
        Assert.Equal("checked", events[8].Details);
    }

    [Fact]
    public async Task Api_FiltersByUserActionProjectAndDates_AndPages()
    {
        var raterId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var p1 = await _app.CreateProjectAsync("First project");
        var p2 = await _app.CreateProjectAsync("Second project");
        await _app.AddMemberAsync(p1, raterId);
        await _app.AddMemberAsync(p2, raterId, ProjectRole.Lead);
        for (var i = 0; i < 3; i++) await _admin.PutAsJsonAsync($"/api/users/{raterId}/lock", new { locked = i % 2 == 0 });

        var byProject = await _admin.GetFromJsonAsync<JsonElement>($"/api/audit?projectId={p2}");
        Assert.Equal(1, byProject.GetProperty("total").GetInt32());
        var item = byProject.GetProperty("items")[0];
        Assert.Equal(AuditActions.MemberSet, item.GetProperty("action").GetString());
        Assert.Equal("Second project", item.GetProperty("projectName").GetString());
        Assert.Equal("rater@test.local", item.GetProperty("targetName").GetString());

        var locks = await _admin.GetFromJsonAsync<JsonElement>($"/api/audit?userId={raterId}&action={AuditActions.UserLocked}");
        Assert.Equal(2, locks.GetProperty("total").GetInt32());

        var paged = await _admin.GetFromJsonAsync<JsonElement>($"/api/audit?userId={raterId}&page=2&pageSize=2");
        Assert.Equal(6, paged.GetProperty("total").GetInt32()); // created, 2 memberships, 3 lock changes
        Assert.Equal(2, paged.GetProperty("items").GetArrayLength());
        var newestFirst = (await _admin.GetFromJsonAsync<JsonElement>($"/api/audit?userId={raterId}&pageSize=6")).GetProperty("items")
            .EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(newestFirst.OrderByDescending(x => x), newestFirst);

        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        var future = await _admin.GetFromJsonAsync<JsonElement>($"/api/audit?from={tomorrow}");
        Assert.Equal(0, future.GetProperty("total").GetInt32());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var todays = await _admin.GetFromJsonAsync<JsonElement>($"/api/audit?from={today}&to={tomorrow}&userId={raterId}");
        Assert.Equal(6, todays.GetProperty("total").GetInt32());

        var badAction = await _admin.GetAsync("/api/audit?action=user.exploded");
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        Assert.Contains("user.exploded", await badAction.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_IsCsv_WithHeader_AndEscapesFormulas()
    {
        using var anonymous = _app.CreateSocketClient();
        await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "=HYPERLINK(\"http://x\")@test.local", password = "Nope-nope-1" });

        var response = await _admin.GetAsync($"/api/audit/export?action={AuditActions.SignInFailed}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,occurred_at_utc,actor_email,actor_id,action,target_type,target_id,target_name,project_id,project_name,details,ip_address,user_agent", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(AuditActions.SignInFailed, lines[1]);
        // The typed email starts with "=": written so that a spreadsheet shows it as text, never as a formula.
        Assert.DoesNotContain(",=HYPERLINK", lines[1]);
        Assert.DoesNotContain(",\"=HYPERLINK", lines[1]);
        Assert.Contains("HYPERLINK", lines[1]);
    }

    [Fact]
    public async Task AuditLog_IsForAdministratorsOnly()
    {
        await _app.CreateUserAsync("lead@test.local", Roles.Lead);
        var lead = await _app.SignInAsync("lead@test.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateSocketClient().GetAsync("/api/audit/export")).StatusCode);
    }
}
