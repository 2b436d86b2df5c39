using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunit;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using LabelStudio.Web.Features.Review.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Review;

/// <summary>The lead's task panel against the real services: the side-by-side view and each action, by button and by key.</summary>
public sealed class TaskReviewPanelTests : BunitTestBase, IAsyncLifetime
{
    private ReviewBackend _backend = null!;
    private readonly List<ResolveResult> _resolved = [];

    async Task IAsyncLifetime.InitializeAsync()
    {
        _backend = await ReviewBackend.StartAsync();
        _backend.SignInLead(Context);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<IRenderedComponent<TaskReviewPanel>> RenderPanelAsync()
    {
        var detail = await _backend.Get<TaskDetailService>().GetAsync(_backend.TaskId, _backend.Lead);
        return Render<TaskReviewPanel>(p => p.Add(c => c.Detail, detail)
            .Add(c => c.OnResolved, (ResolveResult r) => _resolved.Add(r)));
    }

    private Task<List<Resolution>> ResolutionsAsync() => Query(db => db.Resolutions.Where(r => r.TaskId == _backend.TaskId).OrderBy(r => r.Id).ToListAsync());

    private async Task<T> Query<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await _backend.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private Task<long> AnnotationOf(string rater) => Query(db => (from a in db.Annotations
                                                                  join u in db.Users on a.UserId equals u.Id
                                                                  where a.TaskId == _backend.TaskId && u.DisplayName == rater
                                                                  select a.Id).SingleAsync());

    [Fact]
    public async Task SideBySide_RatersInNameOrderWithTheirKeys_NoMajorityForATie()
    {
        var panel = await RenderPanelAsync();

        Assert.Equal(["Ada", "Ben", "Cara"], panel.FindAll("[data-testid=sbs-rater-name]").Select(e => e.TextContent));
        Assert.Equal(["1", "2", "3"], panel.FindAll("[data-testid=sbs-rater] kbd").Select(e => e.TextContent));
        Assert.Equal(["Positive", "Negative", "Neutral"], panel.FindAll("[data-testid=answer-cell]").Select(e => e.TextContent));
        Assert.Contains("No majority", panel.Find("[data-testid=sbs-majority]").TextContent);
        Assert.Contains("No majority", panel.Find("[data-testid=candidate-majority]").TextContent);
        Assert.Equal("Conflict", panel.Find("[data-testid=review-state]").TextContent);
        Assert.Equal(3, panel.FindAll("[data-testid=accept-answer]").Count);
    }

    [Fact]
    public async Task SideBySide_AfterARecompute_ShowsReliabilityAndTimePerRater_TheAgreement_TheDawidSkeneAnswer_AndThePrediction()
    {
        // The second task: Ada and Ben say Positive in 6 and 7 s, Dan Negative in 8 s; a model predicted Negative.
        var task = await _backend.RateSecondTaskAsync(("Ada", "Positive"), ("Ben", "Positive"), ("Dan", "Negative"));
        await Query(async db =>
        {
            db.Predictions.Add(new Data.Labeling.Prediction
            {
                TaskId = task, ModelVersion = "sentiment-v2", Score = 0.82, CreatedAt = DateTime.UtcNow,
                ResultJson = """[{"id":"p1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]}}]""",
            });
            return await db.SaveChangesAsync();
        });
        var snapshot = await _backend.Get<QualityRecomputer>().RecomputeAsync(_backend.ProjectId);
        var reliability = JsonSerializer.Deserialize<List<RaterQuality>>(snapshot!.RatersJson, QualityJson.Options)!
            .ToDictionary(r => r.UserId, r => r.DawidSkeneAccuracy);
        var ids = await Query(db => db.Users.Where(u => u.DisplayName != "").ToDictionaryAsync(u => u.DisplayName, u => u.Id));

        var detail = await _backend.Get<TaskDetailService>().GetAsync(task, _backend.Lead);
        var panel = Render<TaskReviewPanel>(p => p.Add(c => c.Detail, detail));

        Assert.Equal(["Ada", "Ben", "Dan"], panel.FindAll("[data-testid=sbs-rater-name]").Select(e => e.TextContent));
        var meta = panel.FindAll("[data-testid=sbs-rater] .ls-sbs-meta").Select(e => Regex.Replace(e.TextContent, @"\s+", " ").Trim()).ToList();
        Assert.Equal([$"reliability {Percent(reliability[ids["Ada"]])} · 6 s", $"reliability {Percent(reliability[ids["Ben"]])} · 7 s",
            $"reliability {Percent(reliability[ids["Dan"]])} · 8 s"], meta);
        Assert.True(reliability[ids["Dan"]] < reliability[ids["Ada"]], "Dan disagreed with the others on both tasks");
        // The task's agreement as the conflict rule reads it for a single choice: the majority's share, two of three.
        Assert.Equal("67 %", panel.Find("[data-testid=sbs-agreement]").TextContent);
        Assert.Equal("Positive", panel.Find("[data-testid=sbs-majority]").TextContent.Trim());
        Assert.Matches(@"^Positive\s*posterior \d+ %$", panel.Find("[data-testid=sbs-ds]").TextContent.Trim());
        Assert.Matches(@"^Positive · posterior \d+ %$", panel.Find("[data-testid=candidate-ds]").TextContent.Trim());
        var prediction = panel.Find("[data-testid=evidence-prediction]");
        Assert.Equal("Negative", prediction.QuerySelector("strong")!.TextContent);
        Assert.Contains("sentiment-v2 · score 0.82", prediction.TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=evidence-click]"));
    }

    [Fact]
    public void Evidence_ClickFeedbackVerdict_ShowsTheDecisionProbabilityModelAndReason_AndNoEvidenceSaysSo()
    {
        var click = new ClickEvidence("q-7", "doc-17", "pbm-posterior", 0.4, 0.55, "abstained", "uncertain_score", "{}", DateTime.UtcNow);

        var card = Render<EvidenceCard>(p => p.Add(c => c.Click, click));

        var row = card.Find("[data-testid=evidence-click]");
        Assert.Equal("abstained", row.QuerySelector("strong")!.TextContent);
        Assert.Contains("P(relevant) 55 % · pbm-posterior · uncertain score", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("No model prediction or click feedback", Render<EvidenceCard>().Find("[data-testid=evidence-empty]").TextContent, StringComparison.Ordinal);
    }

    private static string Percent(double? value) => Web.Features.Quality.QualityFormat.Percent(value);


    [Fact]
    public async Task ViewChoice_ShowsThatRatersAnswerOnTheTask()
    {
        var panel = await RenderPanelAsync();

        panel.FindAll("[data-testid=view-choice]").Single(b => b.TextContent == "Ben").Click();

        var negative = panel.Find("[data-testid=label-screen] [data-testid=choice-Negative]");
        Assert.Equal("true", negative.GetAttribute("aria-checked"));
        Assert.True(negative.HasAttribute("disabled"));
    }

    [Fact]
    public async Task AcceptButton_WithAComment_RecordsTheAcceptedAnnotation()
    {
        var panel = await RenderPanelAsync();
        panel.Find("[data-testid=review-comment]").Input("Late delivery, product fine.");

        panel.FindAll("[data-testid=accept-answer]")[1].Click();

        var resolution = Assert.Single(await ResolutionsAsync());
        Assert.Equal(ResolutionDecision.Accept, resolution.Decision);
        Assert.Equal(await AnnotationOf("Ben"), resolution.AcceptedAnnotationId);
        Assert.Equal("Late delivery, product fine.", resolution.Comment);
        Assert.Equal(TaskOutcomeState.Resolved, Assert.Single(_resolved).State);
    }

    [Fact]
    public async Task SideBySide_ImportedAuthors_AreColumnsMarkedImported_AndTheirAnswerCanBeAccepted()
    {
        const string export = """
            [{"data":{"text":"Moved in from Label Studio"},"annotations":[
              {"completed_by":{"id":12,"email":"bo@ls.example"},"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]}}]},
              {"completed_by":11,"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]},
              {"completed_by":13,"lead_time":7.5,"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Neutral"]}}]},
              {"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]}]}]
            """;
        using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(export)))
        {
            Assert.True((await _backend.Get<Data.Import.ImportService>().ImportAsync(_backend.ProjectId, stream, "export.json", Actor.System)).Succeeded);
        }
        var taskId = await Query(db => db.Tasks.Where(t => t.ProjectId == _backend.ProjectId).MaxAsync(t => t.Id));
        var detail = await _backend.Get<TaskDetailService>().GetAsync(taskId, _backend.Lead);
        var panel = Render<TaskReviewPanel>(p => p.Add(c => c.Detail, detail).Add(c => c.OnResolved, (ResolveResult r) => _resolved.Add(r)));

        // The three authors are the columns (the annotation without an author is not a rating); each is marked imported.
        Assert.Equal(["bo@ls.example", "Imported #11", "Imported #13"], panel.FindAll("[data-testid=sbs-rater-name]").Select(e => e.TextContent));
        Assert.Equal(3, panel.FindAll("[data-testid=sbs-imported]").Count);
        Assert.Equal(["Negative", "Positive", "Neutral"], panel.FindAll("[data-testid=answer-cell]").Select(e => e.TextContent));
        // Only the export that gave a lead_time says how long its author took; the others show no time rather than "0 s".
        Assert.Equal("· 7.5 s", Assert.Single(panel.FindAll("[data-testid=sbs-time]")).TextContent.Trim());

        panel.FindAll("[data-testid=accept-answer]")[0].Click();

        var resolution = Assert.Single(await Query(db => db.Resolutions.Where(r => r.TaskId == taskId).ToListAsync()));
        var accepted = await Query(db => db.Annotations.SingleAsync(a => a.Id == resolution.AcceptedAnnotationId));
        Assert.Equal("12", accepted.ImportedAuthor);
        Assert.NotNull(accepted.ImportedRaterId);
    }

    [Fact]
    public async Task SideBySide_NativeRaters_AreNotMarkedImported()
    {
        var panel = await RenderPanelAsync();

        Assert.Empty(panel.FindAll("[data-testid=sbs-imported]"));
    }

    [Fact]
    public async Task Key3_AcceptsTheThirdRatersAnswer_KeyG_SavesItAsGold()
    {
        var panel = await RenderPanelAsync();

        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("g"));
        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("3"));

        var resolution = Assert.Single(await ResolutionsAsync());
        Assert.Equal(await AnnotationOf("Cara"), resolution.AcceptedAnnotationId);
        Assert.NotNull(resolution.GoldAnswerId);
    }

    [Fact]
    public async Task KeyM_AsksForOneMoreRating()
    {
        var panel = await RenderPanelAsync();

        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("m"));

        var resolution = Assert.Single(await ResolutionsAsync());
        Assert.Equal((ResolutionDecision.MoreRatings, 1), (resolution.Decision, resolution.ExtraRatings!.Value));
        Assert.Equal(4, await Query(db => db.Tasks.Where(t => t.Id == _backend.TaskId).Select(t => t.RequiredRatings).SingleAsync()));
    }

    [Fact]
    public async Task InvalidButton_MarksTheTaskInvalid()
    {
        var panel = await RenderPanelAsync();

        panel.Find("[data-testid=mark-invalid]").Click();

        Assert.Equal(ResolutionDecision.Invalid, Assert.Single(await ResolutionsAsync()).Decision);
        Assert.Equal(TaskOutcomeState.Invalid, Assert.Single(_resolved).State);
    }

    [Fact]
    public async Task Edit_ChangeTheAnswerInTheLabelingControls_SavesTheLeadsOwnAnswer()
    {
        var panel = await RenderPanelAsync();

        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("e"));
        panel.Find("[data-testid=review-editor] [data-testid=choice-Negative]").Click();
        panel.Find("[data-testid=save-edit]").Click();

        var resolution = Assert.Single(await ResolutionsAsync());
        Assert.Equal(ResolutionDecision.Edit, resolution.Decision);
        Assert.Contains("\"Negative\"", resolution.ResultJson);
        Assert.Empty(panel.FindAll("[data-testid=review-editor]"));
    }

    [Fact]
    public async Task Edit_Escape_CancelsWithoutAResolution()
    {
        var panel = await RenderPanelAsync();

        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("e"));
        Assert.Single(panel.FindAll("[data-testid=review-editor]"));
        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("Escape"));

        Assert.Empty(panel.FindAll("[data-testid=review-editor]"));
        Assert.Empty(await ResolutionsAsync());
    }
}
