using System.Net;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Feedback;

/// <summary>Click feedback enters the quality recompute as one more rater whose reliability is measured.</summary>
public sealed class ClickFeedbackSourceTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Recompute_CountsClickDecisionsAsARater_WithItsAgreementMeasured()
    {
        var project = await _app.CreateProjectAsync("Click source", overlap: 2, xml: FeedbackApiTests.RelevanceConfig);
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");
        var jsonl = new StringBuilder();
        for (var i = 0; i < 10; i++) jsonl.Append($"{{\"query_id\":\"q{i}\",\"doc_id\":\"d{i}\",\"query\":\"query {i}\",\"doc\":\"doc {i}\"}}\n");
        Assert.Equal(HttpStatusCode.Created, (await admin.ImportAsync(project, "pairs.jsonl", jsonl.ToString())).StatusCode);

        // Two raters agree on every task: even tasks relevant, odd tasks not.
        foreach (var email in new[] { "a@test.local", "b@test.local" })
        {
            await _app.AddMemberAsync(project, await _app.CreateUserAsync(email, Roles.Rater));
            var rater = await _app.SignInAsync(email);
            for (var i = 0; i < 10; i++)
            {
                var assignment = JsonDocument.Parse(await rater.GetStringAsync($"/api/projects/{project}/next")).RootElement;
                using var data = JsonDocument.Parse(assignment.GetProperty("dataJson").GetString()!);
                var index = int.Parse(data.RootElement.GetProperty("query_id").GetString()![1..]);
                var choice = index % 2 == 0 ? "Relevant" : "Not relevant";
                var body = $$$"""{"result":[{"id":"r1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["{{{choice}}}"]}}]}""";
                var submit = await rater.PostAsync($"/api/tasks/{assignment.GetProperty("taskId").GetInt64()}/annotations",
                    new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
            }
        }

        // Click decisions on the same pairs: right on 8, wrong on 2; one abstention that must not count.
        await _app.QueryAsync(async db =>
        {
            var tasks = await db.Tasks.Where(t => t.ProjectId == project).OrderBy(t => t.Id).Select(t => new { t.Id, t.DataJson }).ToListAsync();
            var ingest = new FeedbackIngest { ProjectId = project, FileName = "clicks.jsonl", Sha256 = "x", StartedAt = DateTime.UtcNow, State = FeedbackIngestState.Succeeded };
            db.FeedbackIngests.Add(ingest);
            await db.SaveChangesAsync();
            foreach (var t in tasks)
            {
                using var data = JsonDocument.Parse(t.DataJson);
                var index = int.Parse(data.RootElement.GetProperty("query_id").GetString()![1..]);
                var relevant = index % 2 == 0;
                var decision = index is 3 or 4 ? (relevant ? 0 : 1) : (relevant ? 1 : 0);
                db.FeedbackLabels.Add(new FeedbackLabel
                {
                    ProjectId = project, IngestId = ingest.Id, QueryId = $"q{index}", DocId = $"d{index}", TaskId = t.Id,
                    Model = "combined", Score = 0.5, PRelevant = decision, Decision = index == 9 ? -1 : decision, CreatedAt = DateTime.UtcNow,
                });
            }
            return await db.SaveChangesAsync();
        });

        using var scope = _app.Services.CreateScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(project);
        var raters = JsonSerializer.Deserialize<List<RaterQuality>>(snapshot!.RatersJson, QualityJson.Options)!;
        var click = Assert.Single(raters, r => r.UserId == ClickFeedbackSource.RaterId);
        Assert.Equal(9, click.Ratings);
        Assert.Equal(7.0 / 9, click.LeaveOneOutAgreement!.Value, 6);
        Assert.All(raters.Where(r => r.UserId != ClickFeedbackSource.RaterId), r => Assert.Equal(10, r.Ratings));

        var report = await admin.GetStringAsync($"/api/projects/{project}/quality");
        Assert.Contains(ClickFeedbackSource.DisplayName, report);
    }

    [Theory]
    [InlineData(new[] { "Relevant", "Not relevant" }, 2, "Relevant", "Not relevant")]
    [InlineData(new[] { "Perfect", "Good", "Fair", "Bad" }, 2, "Perfect", "Bad")]
    [InlineData(new[] { "Positive", "Negative" }, 2, null, null)]
    public void ChoicesFor_FindsTheRelevantAndNotRelevantChoices(string[] choices, int minGrade, string? relevant, string? notRelevant)
    {
        var (r, n) = ClickFeedbackSource.ChoicesFor(choices, minGrade);
        Assert.Equal(relevant, r);
        Assert.Equal(notRelevant, n);
    }
}
