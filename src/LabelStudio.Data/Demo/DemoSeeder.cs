using System.Text;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Demo;

public sealed record DemoLogin(string Role, string Email, string Password);

/// <summary>
/// Seeds an admin, a lead, three raters and two projects (sentiment classification and NER) on an EMPTY database only.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<AppDbContext> dbFactory, UserService users, ProjectService projects,
    ImportService import, DemoOptions options)
{
    public async Task<IReadOnlyList<DemoLogin>> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (!options.Seed) return [];
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Users.AnyAsync(ct) || await db.Projects.AnyAsync(ct)) return [];
        }

        var logins = new List<DemoLogin>();
        async Task<string> CreateUser(string name, string display, string role)
        {
            var email = $"{name}@{options.EmailDomain}";
            var created = await users.CreateAsync(new NewUser(email, display, role, options.Password), Actor.System, ct);
            logins.Add(new DemoLogin(role, email, options.Password));
            return created.User.Id;
        }

        var admin = await CreateUser("admin", "Ada Admin", Roles.Admin);
        var lead = await CreateUser("lead", "Lee Lead", Roles.Lead);
        var raters = new List<string>();
        foreach (var (name, display) in new[] { ("rater1", "Rita Rater"), ("rater2", "Raj Rater"), ("rater3", "Rosa Rater") })
        {
            raters.Add(await CreateUser(name, display, Roles.Rater));
        }

        var actor = new Actor(admin, IsAdmin: true, IsLead: true);
        await CreateProjectAsync(actor, "Product review sentiment",
            "Classify the sentiment of short product reviews.", SentimentInstructions,
            LabelingConfigSamples.TextClassification, DemoTexts.Reviews(), lead, raters, ct);
        await CreateProjectAsync(actor, "News entities (NER)",
            "Mark people, organisations and places in news sentences.", NerInstructions,
            LabelingConfigSamples.NamedEntityRecognition, DemoTexts.NewsSentences(), lead, raters, ct);
        return logins;
    }

    private async Task CreateProjectAsync(Actor actor, string name, string description, string instructions,
        string configXml, IEnumerable<string> texts, string lead, IReadOnlyList<string> raters, CancellationToken ct)
    {
        var project = await projects.CreateAsync(
            new ProjectDraft(name, description, instructions, configXml, new ProjectSettings()), actor, ct);
        var jsonl = new StringBuilder();
        foreach (var text in texts)
        {
            jsonl.Append("{\"text\":").Append(System.Text.Json.JsonSerializer.Serialize(text)).Append("}\n");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl.ToString()));
        var outcome = await import.ImportAsync(project.Id, stream, "demo.jsonl", actor, ct);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("Demo import failed: " + string.Join("; ", outcome.Errors));
        }
        await projects.SetMemberAsync(project.Id, lead, ProjectRole.Lead, actor, ct);
        foreach (var rater in raters)
        {
            await projects.SetMemberAsync(project.Id, rater, ProjectRole.Rater, actor, ct);
        }
    }

    private const string SentimentInstructions = """
        ## How to label
        Read the review and choose the **overall** sentiment of the writer.

        | Choice | When |
        |---|---|
        | Positive | The writer is mostly pleased. |
        | Negative | The writer is mostly unhappy. |
        | Neutral | Mixed, factual, or no clear opinion. |

        Use the keys **1**, **2**, **3** to choose and **Ctrl+Enter** to submit.
        """;

    private const string NerInstructions = """
        ## How to label
        Select each name in the sentence with the mouse (or with **Shift+arrow keys**), then press the label's key.

        - **PER**: people
        - **ORG**: companies, institutions, teams
        - **LOC**: cities, countries, places

        Do not include titles such as *Mr.* or *Dr.* in a span. Submit with **Ctrl+Enter**.
        """;
}
