using System.Security.Claims;
using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.Web.Features.Projects;
using LabelStudio.Web.Features.Projects.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Projects;

/// <summary>The project editor's Consensus section against the real <see cref="ProjectService"/> on a throw-away SQLite file.</summary>
public sealed class ConsensusSettingsTests : BunitTestBase, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ls-consensus-editor-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _backend;
    private long _projectId;

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

        var projects = _backend.CreateScope().ServiceProvider.GetRequiredService<ProjectService>();
        _projectId = (await projects.CreateAsync(new ProjectDraft("Reviews", "", "", LabelingConfigSamples.TextClassification,
            new ProjectSettings()), Actor.System)).Id;

        Context.Services.AddSingleton(projects);
        Context.Services.AddSingleton(_backend.GetRequiredService<QualityRecomputeQueue>());
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("admin@example.org");
        auth.SetRoles(Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "admin-id"));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_backend is not null) await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Editor_ConsensusSection_ShowsTheRule_AndSavesIt()
    {
        var page = Render<ProjectEditorPage>(p => p.Add(x => x.Id, _projectId));
        page.WaitForAssertion(() => page.Find("[data-testid=consensus-section]"));

        var share = InputOf(page, "conflict-min-share");
        var posterior = InputOf(page, "conflict-min-posterior");
        Assert.Equal("0.6", share.GetAttribute("value"));
        Assert.Equal("0.9", posterior.GetAttribute("value"));

        share.Change("0.75");
        posterior.Change("0");
        InputOf(page, "conflict-ties").Change(false);
        InputOf(page, "conflict-gold").Change(false);
        page.Find("[data-testid=save-project]").Click();

        await WaitForAsync(async () =>
        {
            await using var db = await _backend!.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var project = await db.Projects.SingleAsync(p => p.Id == _projectId);
            return project.GetConflictSettings() == new ConflictSettings(0.75, 0, false, false);
        });
        // Saving a changed rule queues a re-score of the project.
        Assert.True(_backend!.GetRequiredService<QualityRecomputeQueue>().IsPending(_projectId));
    }

    [Fact]
    public void SettingsSummary_ShowsTheConflictRuleReadOnly()
    {
        var project = new Project
        {
            Id = 7, Name = "P", ConflictMinMajorityShare = 0.7, ConflictMinPosterior = 0, ConflictFlagTies = true,
            ConflictFlagGoldDisagreement = false,
        };

        var summary = Render<ProjectSettingsSummary>(p => p.Add(s => s.Project, project));

        Assert.Equal("0.7", summary.Find("[data-testid=summary-min-share]").TextContent);
        Assert.Equal("Off", summary.Find("[data-testid=summary-min-posterior]").TextContent);
        Assert.Equal("Conflict", summary.Find("[data-testid=summary-ties]").TextContent);
        Assert.Equal("Not a conflict", summary.Find("[data-testid=summary-gold]").TextContent);
        Assert.Empty(summary.FindAll("input"));
    }

    /// <summary>MudBlazor puts user attributes on the input itself or on its wrapper, depending on the component.</summary>
    private static AngleSharp.Dom.IElement InputOf(IRenderedComponent<ProjectEditorPage> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(50);
        }
    }
}
