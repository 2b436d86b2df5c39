using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LabelStudio.IntegrationTests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly CliRunner _cli;

    public CliTests() => _cli = new CliRunner(_database.ConnectionString);

    public void Dispose() => _database.Dispose();

    private long Scalar(string sql) => _database.Scalar(sql);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_database.Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task WholeSetup_MigrateUserProjectImport_WorksAndReportsBadRows()
    {
        var migrate = await _cli.RunAsync("migrate");
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("up to date", migrate.Stdout);

        var user = await _cli.RunAsync("user", "create", "--email", "lead@cli.test", "--role", "lead");
        Assert.Equal(0, user.ExitCode);
        Assert.Contains("Created Lead lead@cli.test", user.Stdout);
        Assert.Matches("Password: \\S{10,}", user.Stdout);
        var again = await _cli.RunAsync("user", "create", "--email", "lead@cli.test", "--role", "Rater");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Stderr);

        var config = WriteFile("config.xml", "<View>\n  <Text name=\"text\" value=\"$text\"/>\n  <Rating name=\"stars\" toName=\"text\" maxRating=\"5\"/>\n</View>");
        var project = await _cli.RunAsync("project", "create", "--name", "Stars", "--config", config, "--overlap", "2");
        Assert.Equal(0, project.ExitCode);
        Assert.Contains("Created project 1", project.Stdout);
        Assert.Equal(2, Scalar("SELECT Overlap FROM Projects WHERE Id = 1"));

        var bad = WriteFile("bad.csv", "title,id\nfine,1\nalso,2\n");
        var badImport = await _cli.RunAsync("import", "--project", "1", "--file", bad);
        Assert.Equal(1, badImport.ExitCode);
        Assert.Contains("nothing was imported; 1 error(s)", badImport.Stderr);
        Assert.Contains("bad.csv: line 1: The first line must be a header row", badImport.Stderr);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM Tasks"));
        var good = WriteFile("good.tsv", "text\tid\nfirst\t1\nsecond\t2\nthird\t3\n");
        var goodImport = await _cli.RunAsync("import", "--project", "1", "--file", good);
        Assert.Equal(0, goodImport.ExitCode);
        Assert.Contains("Imported 3 tasks", goodImport.Stdout);
        Assert.Equal(3, Scalar("SELECT COUNT(*) FROM Tasks WHERE ImportBatchId IS NOT NULL"));
    }

    [Fact]
    public async Task Import_LabelStudioExportWithAuthors_CountsTheirRatingsAndScoresTheTasks()
    {
        Assert.Equal(0, (await _cli.RunAsync("migrate")).ExitCode);
        var config = WriteFile("config.xml", LabelStudio.Core.LabelingConfig.LabelingConfigSamples.TextClassification);
        Assert.Equal(0, (await _cli.RunAsync("project", "create", "--name", "Moved in", "--config", config, "--overlap", "2")).ExitCode);
        static string Answer(int author, string choice) =>
            $$$"""{"completed_by":{{{author}}},"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}]}""";
        var export = WriteFile("export.json", $$"""
            [{"data":{"text":"agreed"},"annotations":[{{Answer(3, "Positive")}},{{Answer(5, "Positive")}}]},
             {"data":{"text":"split"},"annotations":[{{Answer(3, "Positive")}},{{Answer(5, "Negative")}}]}]
            """);

        var import = await _cli.RunAsync("import", "--project", "1", "--file", export);

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("Counted 4 imported ratings; agreement and conflicts recomputed.", import.Stdout);
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM ImportedRaters"));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM Tasks WHERE IsComplete = 1"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM TaskOutcomes WHERE State = 1"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM TaskOutcomes WHERE State = 2"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM QualitySnapshots WHERE RatingCount = 4"));
    }

    [Fact]
    public async Task ProjectCreate_WithUnsupportedTag_NamesTagAndLine()
    {
        var config = WriteFile("video.xml", "<View>\n  <Text name=\"text\" value=\"$text\"/>\n  <Video name=\"v\" value=\"$v\"/>\n  <Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices>\n</View>");
        var result = await _cli.RunAsync("project", "create", "--name", "Video", "--config", config);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 3, <Video>", result.Stderr);
    }

    [Fact]
    public async Task EveryVerb_HasHelp()
    {
        foreach (var verb in new[] { new[] { "migrate" }, ["user", "create"], ["project", "create"], ["import"], ["validate"], ["export"], ["datasets", "list"], ["datasets", "diff"] })
        {
            var result = await _cli.RunAsync([.. verb, "--help"]);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Stdout);
        }
    }

    [Fact]
    public async Task Validate_ServingFile_PrintsReportAndJsonAndExitsWithSkew()
    {
        Assert.Equal(0, (await _cli.RunAsync("migrate")).ExitCode);
        var config = WriteFile("config.xml", "<View>\n  <Text name=\"text\" value=\"$text\"/>\n  <Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices>\n</View>");
        Assert.Equal(0, (await _cli.RunAsync("project", "create", "--name", "Serving", "--config", config)).ExitCode);
        var train = WriteFile("train.jsonl", string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"text\":\"t{i}\",\"source\":\"{(i % 2 == 0 ? "web" : "mail")}\"}}\n")));
        Assert.Equal(0, (await _cli.RunAsync("import", "--project", "1", "--file", train)).ExitCode);

        var same = WriteFile("same.jsonl", string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"text\":\"s{i}\",\"source\":\"{(i % 2 == 1 ? "web" : "mail")}\"}}\n")));
        var clean = await _cli.RunAsync("validate", "--project", "1", "--against", same);
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("No skew found.", clean.Stdout);

        var shifted = WriteFile("serving.jsonl", string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"body\":\"s{i}\",\"source\":\"{(i % 10 == 0 ? "mail" : "web")}\"}}\n")));
        var text = await _cli.RunAsync("validate", "--project", "1", "--against", shifted);
        Assert.Equal(2, text.ExitCode);
        Assert.Contains("error    text", text.Stdout);
        Assert.Matches("source +values +L-inf +0.400 .*DRIFT", text.Stdout);
        Assert.Contains("Skew found: 1 schema error(s)", text.Stdout);

        var json = await _cli.RunAsync("validate", "--project", "1", "--against", shifted, "--json");
        Assert.Equal(2, json.ExitCode);
        var report = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("report");
        Assert.Equal(400, report.GetProperty("servingRecords").GetInt64());
    }

    [Fact]
    public async Task Import_Duplicates_RejectedUnlessAllowed()
    {
        Assert.Equal(0, (await _cli.RunAsync("migrate")).ExitCode);
        var config = WriteFile("config.xml", "<View>\n  <Text name=\"text\" value=\"$text\"/>\n  <Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices>\n</View>");
        Assert.Equal(0, (await _cli.RunAsync("project", "create", "--name", "Dups", "--config", config)).ExitCode);
        var file = WriteFile("dups.jsonl", "{\"text\":\"same\"}\n{\"text\":\"same\"}\n");
        var refused = await _cli.RunAsync("import", "--project", "1", "--file", file);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("line 2, field \"data\": The task repeats the data of the task on line 1", refused.Stderr);
        Assert.Equal(0, (await _cli.RunAsync("import", "--project", "1", "--file", file, "--allow-duplicates")).ExitCode);
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM Tasks"));

        // A second file repeating a task already in the project: the line, the existing task and its file are named.
        var again = WriteFile("again.jsonl", "{\"text\":\"new\"}\n{ \"text\" : \"same\" }\n");
        var repeated = await _cli.RunAsync("import", "--project", "1", "--file", again);
        Assert.Equal(1, repeated.ExitCode);
        Assert.Contains("again.jsonl: line 2, field \"data\": The task repeats task 1 already in the project, imported from dups.jsonl", repeated.Stderr);
        Assert.Contains("1 task(s) repeat tasks already in the project; add --allow-duplicates to import them anyway.", repeated.Stderr);
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM Tasks"));
    }
}
