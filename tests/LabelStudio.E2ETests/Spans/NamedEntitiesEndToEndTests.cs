using System.Globalization;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Spans;

/// <summary>
/// Named entities in a real browser: two raters mark nested entities with the keyboard in a sentence with an emoji
/// (one moves character by character across it), one fixes a label by clicking the region; the consensus of that task
/// is exactly their spans. On a second task one rater answers "no entities", and the lead sees both raters' spans
/// overlaid on the conflict.
/// </summary>
public sealed class NamedEntitiesEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "E2e-password-1";
    private const string Sentence = "Ada Lovelace 🚀 met the team at the University of Oxford.";
    private const string Second = "Paris was lovely in spring.";

    private const string Config = """
        <View>
          <Labels name="label" toName="text">
            <Label value="PER"/>
            <Label value="ORG"/>
            <Label value="LOC"/>
          </Labels>
          <Text name="text" value="$text"/>
        </View>
        """;

    private readonly KestrelAppFactory _app = new();
    private string _baseUrl = "";
    private long _projectId;

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft("Entities", "",
            "Mark **people**, **organisations** and **places**. Nested entities count: *Oxford* inside *University of Oxford*.", Config,
            new ProjectSettings(Overlap: 2)), Actor.System);
        _projectId = project.Id;
        var lead = await users.CreateAsync(new NewUser("lead@e2e.test", "Lena Lead", Roles.Lead, Password), Actor.System);
        await projects.SetMemberAsync(project.Id, lead.User.Id, ProjectRole.Lead, Actor.System);
        foreach (var (email, name) in new[] { ("rita@e2e.test", "Rita"), ("raj@e2e.test", "Raj") })
        {
            var rater = await users.CreateAsync(new NewUser(email, name, Roles.Rater, Password), Actor.System);
            await projects.SetMemberAsync(project.Id, rater.User.Id, ProjectRole.Rater, Actor.System);
        }
        var lines = string.Concat(new[] { Sentence, Second }.Select(t => new JsonObject { ["text"] = t }.ToJsonString() + "\n"));
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines));
        var import = await scope.ServiceProvider.GetRequiredService<Data.Import.ImportService>()
            .ImportAsync(project.Id, stream, "entities.jsonl", Actor.System);
        Assert.True(import.Succeeded);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwoRatersMarkNestedEntities_OneFixesALabel_LeadSeesTheOverlay_ConsensusIsTheirSpans()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
        try
        {
            // Rita: word steps with Ctrl+Shift+arrows. First, on a 400 px phone: nothing overflows sideways and the
            // instructions sit above the text instead of covering it.
            var rita = await OpenLabelingAsync(context, "rita@e2e.test");
            await rita.SetViewportSizeAsync(400, 800);
            await rita.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 400", null, new() { Timeout = 5_000 });
            var instructions = await rita.TestId("instructions").BoundingBoxAsync();
            var taskText = await rita.TestId("task-text").BoundingBoxAsync();
            Assert.True(instructions!.Y + instructions.Height <= taskText!.Y, "the instructions cover the text at 400 px");
            // A text much taller than the screen (stretched here), read down to its end: the label bar stays in view.
            await rita.EvaluateAsync("() => document.querySelector('[data-testid=task-text]').style.paddingBottom = '2400px'");
            await rita.EvaluateAsync("() => document.querySelector('[data-testid=task-text]').scrollIntoView({ block: 'end' })");
            await rita.WaitForFunctionAsync("() => window.scrollY > 1500 || document.scrollingElement.scrollTop > 1500", null, new() { Timeout = 5_000 });
            var labelBar = await rita.Locator(".ls-labels").First.BoundingBoxAsync();
            Assert.True(labelBar!.Y >= 0 && labelBar.Y + labelBar.Height <= 800, $"the label bar scrolled out of view (top {labelBar.Y})");
            await rita.EvaluateAsync("() => { const t = document.querySelector('[data-testid=task-text]'); t.style.paddingBottom = ''; window.scrollTo(0, 0); }");
            await rita.SetViewportSizeAsync(1300, 900);
            var text = rita.TestId("task-text");
            await text.FocusAsync();
            await rita.Keyboard.PressAsync("Home");
            // The text is not editable, so the screen draws its own caret: visible at the start, and it follows the keys.
            var caret = rita.Locator(".ls-caret.ls-caret-on");
            await caret.WaitForAsync(new() { Timeout = 5_000 });
            await rita.WaitForFunctionAsync("""
                () => {
                    const c = document.querySelector('.ls-caret.ls-caret-on').getBoundingClientRect();
                    const t = document.querySelector('[data-testid=task-text]').getBoundingClientRect();
                    return c.height > 8 && c.x >= t.x && c.x <= t.x + 24 && c.y >= t.y && c.y <= t.y + 24;
                }
                """, null, new() { Timeout = 5_000 });
            var caretAtStart = await caret.BoundingBoxAsync();
            await PressAsync(rita, "Control+Shift+ArrowRight", 2);
            await rita.WaitForFunctionAsync($"() => document.querySelector('.ls-caret.ls-caret-on').getBoundingClientRect().x > {(caretAtStart!.X + 40).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                null, new() { Timeout = 5_000 });
            await rita.Keyboard.PressAsync("1");
            await WaitForRegionsAsync(rita, 1);
            await PressAsync(rita, "Control+ArrowRight", 4); // 🚀 is no word: "met", "the", "team", "at"... then "the"
            await rita.Keyboard.PressAsync("Control+ArrowRight");
            await rita.Keyboard.PressAsync("ArrowRight");
            await MarkToWordAsync(rita, 3, "2");
            await WaitForRegionsAsync(rita, 2);
            await rita.Keyboard.PressAsync("Control+Shift+ArrowLeft");
            await rita.Keyboard.PressAsync("3");
            await WaitForRegionsAsync(rita, 3);
            await rita.ScreenshotToAsync("e2e-ner-rater");
            await rita.Keyboard.PressAsync("Control+Enter");
            await WaitForTaskAsync(rita, Second);
            await PressAsync(rita, "Control+Shift+ArrowRight", 1);
            await rita.Keyboard.PressAsync("3");
            await WaitForRegionsAsync(rita, 1);
            await rita.Keyboard.PressAsync("Control+Enter");
            await rita.TestId("all-done").WaitForAsync();
            Assert.Equal("0", (await rita.TestId("remaining").InnerTextAsync()).Trim());
            await rita.Context.ClearCookiesAsync();

            // Raj: character by character (across the emoji, one grapheme per key), and a wrong label fixed by clicking.
            var raj = await OpenLabelingAsync(context, "raj@e2e.test");
            await raj.TestId("task-text").FocusAsync();
            await raj.Keyboard.PressAsync("Home");
            await PressAsync(raj, "Shift+ArrowRight", "Ada Lovelace".Length);
            await raj.Keyboard.PressAsync("2"); // ORG: a mistake
            await WaitForRegionsAsync(raj, 1);
            var graphemes = new StringInfo(Sentence[..Sentence.IndexOf("University", StringComparison.Ordinal)]).LengthInTextElements;
            await PressAsync(raj, "ArrowRight", graphemes - "Ada Lovelace".Length);
            await MarkToWordAsync(raj, 3, "2");
            await WaitForRegionsAsync(raj, 2);
            await raj.Keyboard.PressAsync("Control+Shift+ArrowLeft");
            await raj.Keyboard.PressAsync("3");
            await WaitForRegionsAsync(raj, 3);
            // The work is saved as a draft: a reload brings the same task back with the three regions.
            await raj.WaitForFunctionAsync("() => document.querySelector('[data-testid=draft-status]')?.textContent.startsWith('Draft saved')",
                null, new() { Timeout = 15_000 });
            await raj.ReloadAsync();
            await raj.Locator("[data-testid=label-screen][data-hotkeys-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
            await WaitForRegionsAsync(raj, 3);
            await raj.Locator(".ls-region", new() { HasTextString = "Lovelace" }).First.ClickAsync();
            await raj.Locator(".ls-region-selected").First.WaitForAsync();
            await raj.ScreenshotToAsync("e2e-ner-selected-region");
            await raj.Keyboard.PressAsync("1");
            await raj.TestId("region-group-PER").WaitForAsync();
            await raj.Keyboard.PressAsync("Control+Enter");
            await WaitForTaskAsync(raj, Second);
            await raj.Keyboard.PressAsync("Control+Enter");
            await raj.TestId("confirm-empty").WaitForAsync();
            await raj.Keyboard.PressAsync("Control+Enter"); // yes: no entities
            await raj.TestId("all-done").WaitForAsync();
            await raj.Context.ClearCookiesAsync();

            // The lead: the second task is a conflict, shown with both raters' spans overlaid.
            var lead = await context.NewPageAsync();
            await lead.SignInAsync(_baseUrl, "lead@e2e.test", Password);
            await lead.GotoAsync($"{_baseUrl}/projects/{_projectId}/quality");
            await lead.WaitForInteractiveAsync();
            var row = lead.TestId("conflict-row");
            await row.First.WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(1, await row.CountAsync());
            var overlay = row.Locator("[data-testid=span-overlay]");
            Assert.Equal(["1 Raj", "2 Rita"], (await overlay.Locator("[data-testid=overlay-rater]").AllTextContentsAsync()).Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
            Assert.Equal("Paris", (await overlay.Locator("[data-testid=overlay-diff]").InnerTextAsync()).Trim());
            await lead.ScreenshotToAsync("e2e-ner-lead-overlay");
        }
        finally
        {
            await context.DisposeAsync();
        }

        var factory = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var first = await db.Tasks.Where(t => t.ProjectId == _projectId).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var answers = await db.Annotations.Where(a => a.TaskId == first).Select(a => a.ResultJson).ToListAsync();
        var expected = new[] { ("Ada Lovelace", "PER"), ("University of Oxford", "ORG"), ("Oxford", "LOC") }
            .Select(e => (Sentence.IndexOf(e.Item1, StringComparison.Ordinal), Sentence.IndexOf(e.Item1, StringComparison.Ordinal) + e.Item1.Length, e.Item2, e.Item1))
            .OrderBy(s => s.Item1).ThenBy(s => s.Item2).ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, json => Assert.Equal(expected, Spans(json)));
        var outcome = await db.TaskOutcomes.SingleAsync(o => o.TaskId == first);
        Assert.Equal(TaskOutcomeState.Agreed, outcome.State);
        Assert.Equal(expected, Spans(outcome.ConsensusResultJson!));
    }

    private async Task<IPage> OpenLabelingAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(_baseUrl, email, Password);
        await page.GotoAsync($"{_baseUrl}/projects/{_projectId}/label");
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=label-screen][data-hotkeys-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("Ada Lovelace", await page.TestId("task-text").InnerTextAsync());
        return page;
    }

    private static async Task PressAsync(IPage page, string key, int times)
    {
        for (var i = 0; i < times; i++) await page.Keyboard.PressAsync(key);
    }

    /// <summary>Extends the selection over <paramref name="words"/> words, then presses the label key.</summary>
    private static async Task MarkToWordAsync(IPage page, int words, string labelKey)
    {
        await PressAsync(page, "Control+Shift+ArrowRight", words);
        await page.Keyboard.PressAsync(labelKey);
    }

    private static Task WaitForRegionsAsync(IPage page, int count) =>
        page.WaitForFunctionAsync("n => document.querySelector('[data-testid=region-count]')?.textContent.trim() === String(n)", count,
            new() { Timeout = 15_000 });

    private static async Task WaitForTaskAsync(IPage page, string text)
    {
        await page.WaitForFunctionAsync("t => document.querySelector('[data-testid=task-text]')?.textContent === t", text, new() { Timeout = 15_000 });
        await page.TestId("task-text").FocusAsync();
        await page.Keyboard.PressAsync("Home");
    }

    private static List<(int, int, string, string)> Spans(string json) =>
        ResultJson.Parse(json).Select(r => (r.Value["start"]!.GetValue<int>(), r.Value["end"]!.GetValue<int>(),
                r.Value["labels"]![0]!.GetValue<string>(), r.Value["text"]!.GetValue<string>()))
            .OrderBy(s => s.Item1).ThenBy(s => s.Item2).ToList();
}
