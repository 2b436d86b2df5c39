using System.Text.Json.Nodes;
using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Review;

/// <summary>
/// The app's real data services on a throw-away SQLite file, with a sentiment project, a lead and four raters (three
/// answer the first task: Positive, Negative, Neutral), for component tests that act through the real services.
/// </summary>
public sealed class ReviewBackend : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ls-review-components-" + Guid.NewGuid().ToString("N"));

    private ReviewBackend() { }

    public ServiceProvider Services { get; private set; } = null!;
    public long ProjectId { get; private set; }
    public long TaskId { get; private set; }
    public string LeadId { get; private set; } = "";
    public Actor Lead => new(LeadId, IsAdmin: false, IsLead: true);

    /// <summary>With <paramref name="spans"/>, the project is named-entity recognition and the three raters mark PER spans differently.</summary>
    public static async Task<ReviewBackend> StartAsync(bool spans = false)
    {
        var backend = new ReviewBackend();
        Directory.CreateDirectory(backend._directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = backend._directory,
            ["Demo:Seed"] = "false",
        }).Build();
        backend.Services = StandaloneServices.Build(configuration);
        await DatabaseInitializer.MigrateAsync(backend.Services);
        using var scope = backend.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var users = sp.GetRequiredService<UserService>();
        var projects = sp.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft("Reviews", "", "",
            spans ? LabelingConfigSamples.NamedEntityRecognition : LabelingConfigSamples.TextClassification, new ProjectSettings(Overlap: 3)), Actor.System);
        backend.ProjectId = project.Id;
        backend.LeadId = (await users.CreateAsync(new NewUser("lead@example.org", "Lena Lead", Roles.Lead, "Password-123"), Actor.System)).User.Id;
        await projects.SetMemberAsync(project.Id, backend.LeadId, ProjectRole.Lead, Actor.System);
        using (var stream = new MemoryStream(spans
                   ? "{\"text\":\"Ada Lovelace met Charles Babbage.\"}\n"u8.ToArray()
                   : "{\"text\":\"Arrived late, works fine.\"}\n{\"text\":\"Second task\"}\n"u8.ToArray()))
        {
            await sp.GetRequiredService<Data.Import.ImportService>().ImportAsync(project.Id, stream, "reviews.jsonl", Actor.System);
        }
        var labeling = sp.GetRequiredService<LabelingService>();
        string[] names = ["Cara", "Ada", "Ben", "Dan"];
        string[] choices = ["Neutral", "Positive", "Negative"];
        for (var i = 0; i < names.Length; i++)
        {
            var id = (await users.CreateAsync(new NewUser($"{names[i].ToLowerInvariant()}@example.org", names[i], Roles.Rater, "Password-123"), Actor.System)).User.Id;
            await projects.SetMemberAsync(project.Id, id, ProjectRole.Rater, Actor.System);
            if (i >= choices.Length) continue;
            var actor = new Actor(id, false, false);
            var task = (await labeling.NextAsync(project.Id, actor))!;
            backend.TaskId = task.TaskId;
            var item = spans
                ? new ResultItem(ResultIds.New(), "label", "text", "labels", new JsonObject
                {
                    ["start"] = 0, ["end"] = i == 2 ? 3 : 12, ["text"] = i == 2 ? "Ada" : "Ada Lovelace", ["labels"] = new JsonArray("PER"),
                })
                : new ResultItem(ResultIds.New(), "sentiment", "text", "choices", new JsonObject { ["choices"] = new JsonArray(choices[i]) });
            await labeling.SubmitAsync(task.TaskId, new SubmitRequest([item], 3 + i, null), actor);
        }
        return backend;
    }

    /// <summary>The named raters take the second task in turn and answer it in 6 s, 7 s, 8 s…; returns its id.</summary>
    public async Task<long> RateSecondTaskAsync(params (string Rater, string Choice)[] answers)
    {
        var labeling = Get<LabelingService>();
        long task = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            string id;
            await using (var db = await Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            {
                id = await db.Users.Where(u => u.DisplayName == answers[i].Rater).Select(u => u.Id).SingleAsync();
            }
            var actor = new Actor(id, false, false);
            var next = (await labeling.NextAsync(ProjectId, actor))!;
            if (next.TaskId == TaskId) throw new InvalidOperationException("the first task is complete");
            task = next.TaskId;
            var item = new ResultItem("r1", "sentiment", "text", "choices",
                new JsonObject { ["choices"] = new JsonArray(answers[i].Choice) });
            await labeling.SubmitAsync(task, new SubmitRequest([item], 6 + i, null), actor);
        }
        return task;
    }

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>Signs the bUnit context in as the project's lead, with the services the review panel injects.</summary>
    public void SignInLead(Bunit.BunitContext context)
    {
        context.Services.AddSingleton(Get<Data.Review.ResolutionService>());
        context.Services.AddSingleton(Get<LabelingConfigCache>());
        var auth = context.AddAuthorization();
        auth.SetAuthorized("lead@example.org");
        auth.SetRoles(Roles.Lead);
        auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, LeadId));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
