using System.Diagnostics;
using System.Text;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using LabelStudio.Benchmarks.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.Benchmarks.Labeling;

/// <summary>
/// What a rater feels: the time from pressing Ctrl+Enter to the next task being on screen, measured inside headless
/// Chromium (keydown to the DOM showing the new task id) against the real app on Kestrel and SQLite.
/// Usage: labeling-latency [tasks=50] [projectTasks=10000]
/// </summary>
public sealed class LabelingLatencyBenchmark : IBenchmark
{
    public string Name => "labeling-latency";
    public string Description => "Browser submit-to-next-task latency over N tasks (default 50), p50/p95";

    private const string Probe = """
        () => {
          window.__lat = []; window.__t0 = 0; window.__lastId = null;
          const read = () => document.querySelector('[data-testid=label-screen]')?.getAttribute('data-task-id');
          window.__lastId = read();
          new MutationObserver(() => {
            const id = read();
            if (id && id !== window.__lastId) {
              if (window.__t0) window.__lat.push(performance.now() - window.__t0);
              window.__lastId = id; window.__t0 = 0;
            }
          }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-task-id'] });
          document.addEventListener('keydown', e => { if (e.ctrlKey && e.key === 'Enter') window.__t0 = performance.now(); }, true);
        }
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var tasks = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var projectTasks = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-latency-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var app = new BenchmarkApp(Path.Combine(directory, "bench.db"));
            var projectId = await ArrangeAsync(app, projectTasks);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = "/usr/bin/chromium", Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
            await page.GotoAsync($"{app.BaseUrl}/Account/Login");
            await page.FillAsync("#email", "rater@bench.local");
            await page.FillAsync("#password", "Bench-password-1");
            await page.ClickAsync("#sign-in");
            await page.WaitForURLAsync(u => !u.Contains("/Account/Login"));
            await page.GotoAsync($"{app.BaseUrl}/projects/{projectId}/label");
            await page.Locator("#ready[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("[data-testid=label-screen][data-hotkeys-ready=true]").WaitForAsync();
            await page.EvaluateAsync(Probe);

            Console.WriteLine("Task on screen: " + await page.Locator("[data-testid=label-screen]").GetAttributeAsync("data-task-id"));
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < tasks; i++)
            {
                await page.Keyboard.PressAsync((1 + i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
                await page.Keyboard.PressAsync("Control+Enter");
                try
                {
                    await page.WaitForFunctionAsync($"() => window.__lat.length >= {i + 1}", null, new() { Timeout = 30_000 });
                }
                catch (TimeoutException)
                {
                    await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "latency-timeout.png") });
                    throw;
                }
            }
            wall.Stop();
            var latencies = (await page.EvaluateAsync<double[]>("() => window.__lat")).OrderBy(x => x).ToArray();
            Console.WriteLine($"Labeled {tasks} tasks in a project of {projectTasks:N0} tasks (overlap 3) in {wall.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"Submit-to-next-task-shown: p50 {Percentile(latencies, 0.50):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms, " +
                              $"min {latencies[0]:F0} ms, max {latencies[^1]:F0} ms");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<long> ArrangeAsync(BenchmarkApp app, int projectTasks)
    {
        _ = app.BaseUrl;
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var rater = await users.CreateAsync(new NewUser("rater@bench.local", "Bench Rater", Roles.Rater, "Bench-password-1"), Actor.System);
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft("Latency", "", "Label quickly.",
            LabelingConfigSamples.TextClassification, new ProjectSettings()), Actor.System);
        await projects.SetMemberAsync(project.Id, rater.User.Id, ProjectRole.Rater, Actor.System);
        var jsonl = new StringBuilder();
        for (var i = 0; i < projectTasks; i++) jsonl.Append($"{{\"text\":\"Review {i}: the product works as described.\"}}\n");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl.ToString()));
        var outcome = await scope.ServiceProvider.GetRequiredService<ImportService>()
            .ImportAsync(project.Id, stream, "tasks.jsonl", Actor.System);
        if (!outcome.Succeeded) throw new InvalidOperationException(string.Join("; ", outcome.Errors));
        return project.Id;
    }
}
