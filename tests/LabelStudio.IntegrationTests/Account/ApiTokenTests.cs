using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.ApiTokens;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Account;

/// <summary>Personal API tokens: <c>Authorization: Token &lt;token&gt;</c> with exactly the owner's current rights.</summary>
public sealed class ApiTokenTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly KestrelAppFactory _app;
    private HttpClient _admin = null!;
    private string _adminId = "";

    public ApiTokenTests() => _app = new KestrelAppFactory(clock: _clock);

    public async Task InitializeAsync()
    {
        _adminId = await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Create_ShowsTheTokenOnce_StoresOnlyItsHash()
    {
        var (id, token) = await CreateTokenAsync(_admin, "nightly export");

        Assert.StartsWith("ls_", token);
        var listed = await _admin.GetStringAsync("/api/me/tokens");
        Assert.Contains("nightly export", listed);
        Assert.DoesNotContain(token, listed);
        var row = await _app.QueryAsync(db => db.ApiTokens.SingleAsync(t => t.Id == id));
        Assert.Equal(ApiTokenSecret.Hash(token), row.Hash);
        Assert.DoesNotContain(token[3..], row.Hash + row.Prefix + row.Name);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Token_ActsWithTheOwnersCurrentRole()
    {
        var userId = await _app.CreateUserAsync("lead@test.local", Roles.Admin);
        var owner = await _app.SignInAsync("lead@test.local");
        var (_, token) = await CreateTokenAsync(owner, "script");
        var client = WithToken(token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Admin", me.GetProperty("role").GetString());
        Assert.True(me.GetProperty("viaApiToken").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users")).StatusCode);

        await _admin.PutAsJsonAsync($"/api/users/{userId}/role", new { role = "Rater" });

        // Same token, the owner's new rights: still signed in, no longer an administrator.
        Assert.Equal("Rater", (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
        var admin = await client.PostAsJsonAsync("/api/users", new { email = "x@test.local", displayName = "", role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task Revoke_StopsTheToken_AtOnce()
    {
        var (id, token) = await CreateTokenAsync(_admin, "to revoke");
        var client = WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _admin.DeleteAsync($"/api/me/tokens/{id}")).StatusCode);

        var refused = await client.GetAsync("/api/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Token", refused.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Fact]
    public async Task LockingTheOwner_RevokesTheirTokens_AndUnlockingDoesNotRevive()
    {
        var userId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var (id, token) = await CreateTokenAsync(await _app.SignInAsync("rater@test.local"), "rater script");
        var client = WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);

        await _admin.PutAsJsonAsync($"/api/users/{userId}/lock", new { locked = true });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects")).StatusCode);
        await _admin.PutAsJsonAsync($"/api/users/{userId}/lock", new { locked = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects")).StatusCode);
        Assert.NotNull(await _app.QueryAsync(db => db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAt).SingleAsync()));
    }

    [Fact]
    public async Task Token_CannotMintTokens()
    {
        var (_, token) = await CreateTokenAsync(_admin, "first");
        var response = await WithToken(token).PostAsJsonAsync("/api/me/tokens", new { name = "second" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.ApiTokens.CountAsync()));
    }

    [Fact]
    public async Task OthersToken_IsNotFoundForAUser_AndRevocableByAnAdmin()
    {
        await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var rater = await _app.SignInAsync("rater@test.local");
        var (id, token) = await CreateTokenAsync(_admin, "admin's");

        Assert.Equal(HttpStatusCode.NotFound, (await rater.DeleteAsync($"/api/me/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.DeleteAsync($"/api/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.GetAsync("/api/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync("/api/me")).StatusCode);

        var (raterTokenId, raterToken) = await CreateTokenAsync(rater, "rater's");
        var all = await _admin.GetFromJsonAsync<JsonElement>("/api/tokens");
        Assert.Equal(2, all.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await _admin.DeleteAsync($"/api/tokens/{raterTokenId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(raterToken).GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("Token ls_")]
    [InlineData("Token ls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Token ' OR 1=1 --")]
    [InlineData("Token ls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Token")]
    public async Task BadToken_Is401(string header)
    {
        using var client = _app.CreateSocketClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Use_SetsLastUsed_AndIsAuditedAtMostOncePerHour()
    {
        var (id, token) = await CreateTokenAsync(_admin, "busy script");
        var client = WithToken(token);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("busy-script/2.0");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);

        var lastUsed = await WaitForAsync(() => _app.QueryAsync(db => db.ApiTokens.Where(t => t.Id == id).Select(t => t.LastUsedAt).SingleAsync()));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, lastUsed!.Value, TimeSpan.FromSeconds(1));
        var used = await UsedEventsAsync(id);
        Assert.Single(used);
        Assert.Equal("busy-script/2.0", used[0].UserAgent);
        Assert.Equal(_adminId, used[0].ActorId);

        _clock.Advance(TimeSpan.FromMinutes(30));
        for (var i = 0; i < 3; i++) await client.GetAsync("/api/projects");
        await WaitForAsync(async () => await _app.QueryAsync(db => db.ApiTokens.Where(t => t.Id == id)
            .Select(t => t.LastUsedAt).SingleAsync()) > lastUsed ? true : (bool?)null);
        Assert.Single(await UsedEventsAsync(id));

        _clock.Advance(TimeSpan.FromMinutes(31));
        await client.GetAsync("/api/projects");
        await WaitForAsync(async () => (await UsedEventsAsync(id)).Count == 2 ? true : (bool?)null);
    }

    private async Task<List<AuditEvent>> UsedEventsAsync(long tokenId)
    {
        var target = tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await _app.QueryAsync(db => db.AuditEvents.Where(e => e.Action == AuditActions.TokenUsed && e.TargetId == target).ToListAsync());
    }

    /// <summary>Token use is written in the background: polls (up to 10 s) until the value appears.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await read() is { } value && !Equals(value, default(T))) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException("The token use was not recorded within 10 seconds.");
    }

    private HttpClient WithToken(string token)
    {
        var client = _app.CreateSocketClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    private static async Task<(long Id, string Token)> CreateTokenAsync(HttpClient owner, string name)
    {
        var response = await owner.PostAsJsonAsync("/api/me/tokens", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("view").GetProperty("id").GetInt64(), body.GetProperty("token").GetString()!);
    }
}
