using System.Net;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Labeling;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>Our Label Studio JSON export imported into a new project gives the same tasks, annotations (with their
/// authors) and predictions.</summary>
public sealed class RoundTripTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task LabelStudioJson_ImportedIntoANewProject_SameTasksAnnotationsAuthorsAndPredictions()
    {
        var source = await _s.ProjectAsync("Source", 3);
        var tasks = string.Concat(new[] { "Great value «ünïcode»", "Broke after a day", "It is a phone" }.Select((t, i) =>
            $$$"""{"data":{"text":{{{JsonSerializer.Serialize(t)}}},"ref":{{{i}}}},"predictions":[{"model_version":"m-{{{i}}}","score":0.{{{i + 5}}},"result":[{"id":"p{{{i}}}","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]}]}""" + "\n"));
        Assert.Equal(HttpStatusCode.Created, (await _s.Admin.ImportAsync(source, "source.jsonl", tasks)).StatusCode);
        await _s.ChoicesAsync(source, "Positive", "Positive", "Negative");
        await _s.ChoicesAsync(source, "Negative", "Negative", "Negative");

        var version = await _s.Admin.CreateVersionAsync(source, new { formats = new[] { "json" }, filter = new { includeUnlabeled = true } });
        var json = await _s.Admin.DownloadAsync(version.GetProperty("id").GetInt64(), "json");

        var target = await _s.ProjectAsync("Target", 3);
        Assert.Equal(HttpStatusCode.Created, (await _s.Admin.ImportAsync(target, "roundtrip.json", Encoding.UTF8.GetString(json))).StatusCode);

        var before = await SnapshotAsync(source, byEmail: true);
        var after = await SnapshotAsync(target, byEmail: false);
        Assert.Equal(before.Tasks, after.Tasks);
        Assert.Equal(before.Annotations, after.Annotations);
        Assert.Equal(before.Predictions, after.Predictions);
        Assert.Equal(6, after.Annotations.Count);
        Assert.Contains(after.Annotations, a => a.Author == "alice@test.local");
    }

    [Fact]
    public async Task LabelStudioJson_ImportedAnswerWithoutLeadTime_ExportsNoneAndKeepsAGivenOne()
    {
        var source = await _s.ProjectAsync("Moved in", 3);
        const string tasks = """
            {"data":{"text":"Timed"},"annotations":[{"completed_by":7,"lead_time":12.5,"result":[{"id":"a","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]}]}
            {"data":{"text":"Untimed"},"annotations":[{"completed_by":8,"result":[{"id":"b","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]}}]}]}

            """;
        Assert.Equal(HttpStatusCode.Created, (await _s.Admin.ImportAsync(source, "moved.jsonl", tasks)).StatusCode);

        var exported = await ExportedLeadTimesAsync(source);
        Assert.Equal([("Timed", (double?)12.5), ("Untimed", null)], exported);

        // Imported again: still no time where none was given, the same time where one was.
        var version = await _s.Admin.CreateVersionAsync(source, new { formats = new[] { "json" }, filter = new { includeUnlabeled = true } });
        var json = await _s.Admin.DownloadAsync(version.GetProperty("id").GetInt64(), "json");
        var target = await _s.ProjectAsync("Moved again", 3);
        Assert.Equal(HttpStatusCode.Created, (await _s.Admin.ImportAsync(target, "again.json", Encoding.UTF8.GetString(json))).StatusCode);
        Assert.Equal(exported, await ExportedLeadTimesAsync(target));
    }

    /// <summary>Each task's text and its one annotation's <c>lead_time</c> in a Label Studio JSON export (null when absent).</summary>
    private async Task<List<(string Text, double? LeadTime)>> ExportedLeadTimesAsync(long projectId)
    {
        var version = await _s.Admin.CreateVersionAsync(projectId, new { formats = new[] { "json" }, filter = new { includeUnlabeled = true } });
        using var doc = JsonDocument.Parse(await _s.Admin.DownloadAsync(version.GetProperty("id").GetInt64(), "json"));
        return [.. doc.RootElement.EnumerateArray().Select(t => (t.GetProperty("data").GetProperty("text").GetString()!,
                t.GetProperty("annotations").EnumerateArray().Single() is var a && a.TryGetProperty("lead_time", out var lead) ? lead.GetDouble() : (double?)null))
            .OrderBy(t => t.Item1, StringComparer.Ordinal)];
    }

    private sealed record Snapshot(List<string> Tasks, List<(int Task, string? Author, string Result)> Annotations,
        List<(int Task, string Result, double? Score, string? Model)> Predictions);

    /// <summary>A project's content in task order; annotation authors as e-mails (raters) or as imported.</summary>
    private Task<Snapshot> SnapshotAsync(long projectId, bool byEmail) => _s.App.QueryAsync(async db =>
    {
        var tasks = await db.Tasks.Where(t => t.ProjectId == projectId).OrderBy(t => t.Id).Select(t => new { t.Id, t.DataJson }).ToListAsync();
        var index = tasks.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var emails = await db.Users.ToDictionaryAsync(u => u.Id, u => u.Email);
        // In the target project each author is an imported rater, shown by the e-mail the export gave.
        var imported = await db.ImportedRaters.Where(r => r.ProjectId == projectId).ToDictionaryAsync(r => r.Id, r => r.DisplayName);
        var annotations = (await db.Annotations.Where(a => a.ProjectId == projectId).ToListAsync())
            .Select(a => (index[a.TaskId], byEmail ? (a.UserId is null ? a.ImportedAuthor : emails[a.UserId])
                : a.ImportedRaterId is { } rater ? imported[rater] : a.ImportedAuthor, Normalize(a.ResultJson)))
            .OrderBy(a => a.Item1).ThenBy(a => a.Item2).ToList();
        var ids = tasks.Select(t => t.Id).ToList();
        var predictions = (await db.Predictions.Where(p => ids.Contains(p.TaskId)).ToListAsync())
            .Select(p => (index[p.TaskId], Normalize(p.ResultJson), p.Score, p.ModelVersion)).OrderBy(p => p.Item1).ToList();
        Assert.All(await db.Annotations.Where(a => a.ProjectId == projectId).ToListAsync(),
            a => Assert.Equal(byEmail ? AnnotationSource.Rater : AnnotationSource.Imported, a.Source));
        return new Snapshot([.. tasks.Select(t => t.DataJson)], annotations, predictions);
    });

    private static string Normalize(string resultJson) => JsonSerializer.Serialize(JsonDocument.Parse(resultJson).RootElement);
}
