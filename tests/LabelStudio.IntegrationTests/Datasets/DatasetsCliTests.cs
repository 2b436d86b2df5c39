using LabelStudio.IntegrationTests.Cli;
using LabelStudio.IntegrationTests.Infrastructure;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary><c>labelstudio export</c> and <c>labelstudio datasets list|diff|reproduce</c> against a real database, as child processes.</summary>
public sealed class DatasetsCliTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly CliRunner _cli;

    public DatasetsCliTests() => _cli = new CliRunner(_database.ConnectionString);

    public void Dispose() => _database.Dispose();

    private string Path(string name) => System.IO.Path.Combine(_database.Directory, name);

    private static string GoldTasks(string prefix, int count, string label) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $$$"""{"data":{"text":"{{{prefix}}} {{{i}}}"},"annotations":[{"ground_truth":true,"result":[{"id":"g","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{label}}}"]}}]}]}""" + "\n"));

    /// <summary>A fresh database with one text-classification project (id 1), overlap 1.</summary>
    private async Task ProjectAsync(string name)
    {
        await RunOkAsync("migrate");
        var config = Path("config.xml");
        await File.WriteAllTextAsync(config, Core.LabelingConfig.LabelingConfigSamples.TextClassification);
        await RunOkAsync("project", "create", "--name", name, "--config", config, "--overlap", "1");
    }

    private async Task<CliRunner.Result> RunOkAsync(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: {result.Stderr}");
        return result;
    }

    [Fact]
    public async Task ValidateDataset_SkewedServingFile_ReportsFieldsAndExits2_SameDistribution_Exits0()
    {
        await ProjectAsync("Served");
        var training = string.Concat(Enumerable.Range(0, 400).Select(i =>
            $$$"""{"data":{"text":"review {{{i}}} {{{new string('a', i % 10)}}}","source":"{{{(i % 2 == 0 ? "web" : "mail")}}}"},"annotations":[{"ground_truth":true,"result":[{"id":"g","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]}]}""" + "\n"));
        await File.WriteAllTextAsync(Path("train.jsonl"), training);
        await RunOkAsync("import", "--project", "1", "--file", Path("train.jsonl"));
        await RunOkAsync("export", "--project", "1", "--format", "jsonl", "--out", Path("v1.jsonl"));

        await File.WriteAllTextAsync(Path("skewed.jsonl"), string.Concat(Enumerable.Range(0, 300).Select(i =>
            $$$"""{"body":"r{{{i}}}","source":"{{{(i % 10 == 0 ? "mail" : "web")}}}"}""" + "\n")));
        var skewed = await _cli.RunAsync("validate", "--dataset", "1", "--against", Path("skewed.jsonl"));
        Assert.True(skewed.ExitCode == 2, skewed.Stdout + skewed.Stderr);
        Assert.Contains("against dataset version 1", skewed.Stdout);
        Assert.Matches(@"error\s+text\s", skewed.Stdout);
        Assert.Matches(@"warning\s+body\s", skewed.Stdout);
        Assert.Matches(@"source\s+values\s+L-inf\s+0\.400.*DRIFT", skewed.Stdout);

        await File.WriteAllTextAsync(Path("same.jsonl"), string.Concat(Enumerable.Range(0, 300).Select(i =>
            $$$"""{"text":"served {{{i}}} {{{new string('a', i % 10)}}}","source":"{{{(i % 2 == 0 ? "web" : "mail")}}}"}""" + "\n")));
        var same = await RunOkAsync("validate", "--dataset", "1", "--against", Path("same.jsonl"));
        Assert.Contains("No skew found.", same.Stdout);

        var both = await _cli.RunAsync("validate", "--dataset", "1", "--project", "1", "--against", Path("same.jsonl"));
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("either --project", both.Stderr);
    }

    [Fact]
    public async Task Export_WithoutVersion_CreatesOne_WithVersion_WritesTheSameBytes_ListAndDiffShowThem()
    {
        await ProjectAsync("Exported");
        await File.WriteAllTextAsync(Path("first.jsonl"), GoldTasks("first", 3, "Positive"));
        await RunOkAsync("import", "--project", "1", "--file", Path("first.jsonl"));

        var created = await RunOkAsync("export", "--project", "1", "--format", "jsonl", "--out", Path("v1.jsonl"));
        Assert.Contains("Wrote version 1 (3 tasks, 3 rows) as jsonl", created.Stdout);
        Assert.Equal(3, (await File.ReadAllLinesAsync(Path("v1.jsonl"))).Length);
        await RunOkAsync("export", "--project", "1", "--format", "csv", "--version", "1", "--out", Path("v1.csv"));
        Assert.StartsWith("task_id,external_key,text,sentiment,sentiment_origin", await File.ReadAllTextAsync(Path("v1.csv")));

        await File.WriteAllTextAsync(Path("second.jsonl"), GoldTasks("second", 2, "Negative"));
        await RunOkAsync("import", "--project", "1", "--file", Path("second.jsonl"));
        await RunOkAsync("export", "--project", "1", "--format", "parquet", "--out", Path("v2.parquet"));
        await RunOkAsync("export", "--project", "1", "--format", "jsonl", "--version", "1", "--out", Path("v1-again.jsonl"));
        Assert.Equal(await File.ReadAllBytesAsync(Path("v1.jsonl")), await File.ReadAllBytesAsync(Path("v1-again.jsonl")));

        var list = (await RunOkAsync("datasets", "list", "--project", "1")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, list.Length);
        Assert.StartsWith("2\t2\tReady\tfinal\t5\t5\t1\t", list[1]);
        Assert.StartsWith("1\t1\tReady\tfinal\t3\t3\t\t", list[2]);

        var diff = await RunOkAsync("datasets", "diff", "--a", "1", "--b", "2");
        Assert.Contains("v1 -> v2: 2 added, 0 removed, 0 changed, 3 unchanged", diff.Stdout);
        Assert.Contains("drift\tsentiment\tLabels", diff.Stdout);

        // Version 1 rebuilt after the second import: the later tasks are beyond its task watermark.
        var same = await RunOkAsync("datasets", "reproduce", "--version", "1");
        Assert.Contains("v1 (consensus run none): identical, 3 tasks rebuilt, 0 changed, 0 added, 0 removed", same.Stdout);

        var bad = await _cli.RunAsync("export", "--project", "1", "--format", "conll", "--out", Path("x.conll"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("CoNLL-2003 needs a Labels control", bad.Stderr);
    }
}
