using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>Helpers to create dataset versions through the API and wait for their jobs.</summary>
public static class DatasetScenario
{
    /// <summary>Creates a version and waits for its job; returns the version as the API shows it.</summary>
    public static async Task<JsonElement> CreateVersionAsync(this HttpClient client, long projectId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/datasets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var job = await client.WaitForJobAsync($"/api/jobs/{created.GetProperty("jobId").GetInt64()}", 120);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        return await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{created.GetProperty("version").GetProperty("id").GetInt64()}");
    }

    /// <summary>Downloads a format, waiting for its export job when the file is not written yet.</summary>
    public static async Task<byte[]> DownloadAsync(this HttpClient client, long versionId, string format)
    {
        var response = await client.GetAsync($"/api/datasets/{versionId}/download?format={format}");
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var job = await response.Content.ReadFromJsonAsync<JsonElement>();
            var done = await client.WaitForJobAsync($"/api/jobs/{job.GetProperty("id").GetInt64()}", 120);
            Assert.True(done.GetProperty("state").GetString() == "Succeeded", done.ToString());
            response = await client.GetAsync($"/api/datasets/{versionId}/download?format={format}");
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), response.Headers.GetValues("X-Content-SHA256").Single());
        return bytes;
    }

    /// <summary>
    /// A sentiment project with four texts: one agreed, one agreed by majority, one conflict the lead resolves, one unrated.
    /// Its conflict rule has no posterior test unless <paramref name="rule"/> says otherwise: the 2-of-3 task is agreed
    /// whether it was scored at submit (majority, no model yet) or re-scored by a recompute (Dawid–Skene from these nine
    /// answers gives it a posterior near 0.8, a conflict under the default rule's 0.9).
    /// </summary>
    public static async Task<(long ProjectId, long[] Tasks)> LabeledProjectAsync(this ReviewScenario s, LabelStudio.Quality.ConflictSettings? rule = null)
    {
        var project = await s.ProjectAsync("Datasets", 3, "great phone", "fine battery", "odd screen", "no answers yet");
        await s.ConflictSettingsAsync(project, rule ?? new LabelStudio.Quality.ConflictSettings(MinPosterior: 0));
        var t1 = await s.ChoicesAsync(project, "Positive", "Positive", "Positive");
        var t2 = await s.ChoicesAsync(project, "Negative", "Negative", "Positive");
        var t3 = await s.ChoicesAsync(project, "Positive", "Negative", "Neutral");
        var accepted = await s.App.QueryAsync(db => Task.FromResult(db.Annotations.Where(a => a.TaskId == t3).OrderBy(a => a.Id).Select(a => a.Id).First()));
        Assert.Equal(HttpStatusCode.Created, (await s.ResolveAsync(t3, $$"""{"decision":"accept","annotation_id":{{accepted}},"comment":"clear"}""")).StatusCode);
        var t4 = await s.App.QueryAsync(db => Task.FromResult(db.Tasks.Where(t => t.ProjectId == project).Max(t => t.Id)));
        return (project, [t1, t2, t3, t4]);
    }
}
