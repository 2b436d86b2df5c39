using System.Net;
using System.Text;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Parquet;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>A Label Studio region with keys of its own (<c>meta</c>, <c>score</c>, <c>readonly</c>, ...) is exported as
/// valid JSON in every format, and the Label Studio exports give those keys back unchanged.</summary>
public sealed class ResultExtrasExportTests : IAsyncLifetime
{
    private const string Extras = """{"meta":{"text":["checked twice"]},"image_rotation":0,"score":0.9,"readonly":false,"original_width":640}""";

    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync(raters: 1);

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Theory]
    [InlineData("final")]
    [InlineData("all")]
    public async Task ImportedRegionWithExtraKeys_EveryFormatIsValidJsonAndKeepsThem(string scope)
    {
        var project = await _s.ProjectAsync("Extras", 1);
        var region = """{"id":"r1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]},"origin":"manual",""" + Extras[1..];
        // The rater's answer and the gold answer (which becomes the final label) both carry the extra keys.
        var line = $$"""{"data":{"text":"kept keys"},"annotations":[{"completed_by":1,"result":[{{region}}]},{"completed_by":2,"ground_truth":true,"result":[{{region}}]}],"predictions":[{"model_version":"m1","result":[{{region}}]}]}""";
        Assert.Equal(HttpStatusCode.Created, (await _s.Admin.ImportAsync(project, "extras.jsonl", line + "\n")).StatusCode);
        await _s.WaitForSnapshotAsync(project, ratings: 1);
        var taskId = await _s.App.QueryAsync(db => Task.FromResult(db.Tasks.Single(t => t.ProjectId == project).Id));

        var goldResponse = await _s.Lead.GetAsync($"/api/tasks/{taskId}/gold");
        Assert.Equal(HttpStatusCode.OK, goldResponse.StatusCode);
        using (var gold = JsonDocument.Parse(await goldResponse.Content.ReadAsStringAsync()))
        {
            AssertExtras(gold.RootElement.GetProperty("result").EnumerateArray().Single());
        }

        string[] formats = ["json", "json-min", "jsonl", "csv", "tsv", "parquet"];
        var version = await _s.Admin.CreateVersionAsync(project, new { scope, formats, filter = new { includeUnlabeled = true } });
        var id = version.GetProperty("id").GetInt64();

        using (var json = JsonDocument.Parse(await _s.Admin.DownloadAsync(id, "json")))
        {
            var task = json.RootElement.EnumerateArray().Single();
            var annotations = task.GetProperty("annotations").EnumerateArray().ToList();
            Assert.Equal(2, annotations.Count);
            Assert.All(annotations, a => AssertExtras(a.GetProperty("result").EnumerateArray().Single()));
            AssertExtras(task.GetProperty("predictions").EnumerateArray().Single().GetProperty("result").EnumerateArray().Single());
        }
        using (JsonDocument.Parse(await _s.Admin.DownloadAsync(id, "json-min"))) { }
        foreach (var jsonLine in Encoding.UTF8.GetString(await _s.Admin.DownloadAsync(id, "jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(jsonLine);
            if (scope == "final")
            {
                var final = doc.RootElement.GetProperty("final").GetProperty("sentiment");
                Assert.Equal("gold", final.GetProperty("origin").GetString());
                AssertExtras(final.GetProperty("result").EnumerateArray().Single());
            }
        }
        foreach (var (format, separator) in new[] { ("csv", ','), ("tsv", '\t') })
        {
            var text = Encoding.UTF8.GetString(await _s.Admin.DownloadAsync(id, format));
            Assert.Contains("Positive", text);
            Assert.DoesNotContain("},{", text.Replace("\"\"", "\""));
            Assert.True(text.Split('\n')[0].Contains(separator), format);
        }
        await using var parquet = await ParquetReader.CreateAsync(new MemoryStream(await _s.Admin.DownloadAsync(id, "parquet")));
        Assert.Equal(1, parquet.RowGroupCount);
    }

    /// <summary>A region as the export gives it: the known keys, then the extra keys exactly as imported.</summary>
    private static void AssertExtras(JsonElement region)
    {
        Assert.Equal("r1", region.GetProperty("id").GetString());
        Assert.Equal("manual", region.GetProperty("origin").GetString());
        using var expected = JsonDocument.Parse(Extras);
        foreach (var property in expected.RootElement.EnumerateObject())
        {
            Assert.True(region.TryGetProperty(property.Name, out var actual), $"{property.Name} is missing from {region}");
            Assert.Equal(property.Value.GetRawText(), actual.GetRawText());
        }
    }
}
