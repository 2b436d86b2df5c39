using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;
using LabelStudio.Data.Datasets;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Parquet;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>
/// Every format written from the same two tasks (a classification and span project, Unicode, commas, quotes, a number
/// and a null in the data), compared byte for byte with files checked into the repository, under a culture with a
/// decimal comma: the output depends on the rows alone. <c>LABELSTUDIO_UPDATE_GOLDEN=1</c> rewrites the files.
/// </summary>
public sealed class FormatGoldenTests
{
    private const string Config = """
        <View>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single"><Choice value="Positive"/><Choice value="Negative"/></Choices>
          <Labels name="ner" toName="text"><Label value="PER"/><Label value="LOC"/></Labels>
        </View>
        """;

    private static string GoldenDirectory => Path.Combine(AppProcess.RepositoryRoot(), "tests", "LabelStudio.IntegrationTests", "Datasets", "Golden");

    public static TheoryData<string, DatasetScope> Cases()
    {
        var data = new TheoryData<string, DatasetScope>();
        foreach (var name in DatasetFormats.Names) data.Add(name, DatasetScope.Final);
        foreach (var name in new[] { "json-min", "jsonl", "csv", "tsv", "parquet" }) data.Add(name, DatasetScope.All);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Write_TwoTasks_MatchesTheGoldenFile(string formatName, DatasetScope scope)
    {
        var bytes = await WriteAsync(formatName, scope, new CultureInfo("de-DE"));
        var format = DatasetFormats.Find(formatName)!;
        var golden = Path.Combine(GoldenDirectory, $"{(scope == DatasetScope.Final ? "final" : "all")}.{format.Extension}");
        if (Environment.GetEnvironmentVariable("LABELSTUDIO_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDirectory);
            await File.WriteAllBytesAsync(golden, bytes);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}");
        var expected = await File.ReadAllBytesAsync(golden);
        Assert.True(expected.AsSpan().SequenceEqual(bytes),
            format.Name == "parquet" ? "the Parquet bytes differ" : $"expected:\n{Encoding.UTF8.GetString(expected)}\nactual:\n{Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(bytes, await WriteAsync(formatName, scope, CultureInfo.InvariantCulture));
    }

    /// <summary>The build hands JSON Lines its stored labels to copy: the file is the same, whether a label's stored JSON
    /// escapes nothing (copied) or escapes something the file writes as it is (written again).</summary>
    [Fact]
    public async Task JsonLines_WithTheBuildsStoredLabels_SameBytes()
    {
        var stored = new FrozenLabelJson(DatasetRowReader.LabelJson);
        var rows = Rows().Append(Rows().First() with { TaskId = 103, Labels = [Rows().First().Labels[0] with { Reason = "Ünïcode <reason>" }] }).ToList();
        var expected = await WriteAsync("jsonl", DatasetScope.Final, CultureInfo.InvariantCulture, rows);
        var actual = await WriteAsync("jsonl", DatasetScope.Final, CultureInfo.InvariantCulture,
            [.. rows.Select(r => r with { StoredLabels = stored.SerializeUtf8(r.Labels) })]);
        Assert.Contains("\\u", Encoding.UTF8.GetString(stored.SerializeUtf8(rows[^1].Labels)));
        Assert.Contains("Ünïcode <reason>", Encoding.UTF8.GetString(actual));
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public async Task Parquet_HasTypedColumns()
    {
        var bytes = await WriteAsync("parquet", DatasetScope.Final, CultureInfo.InvariantCulture);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, f => f.ClrType);
        Assert.Equal(typeof(long), fields["task_id"]);
        Assert.Equal(typeof(double), fields["sentiment_agreement"]);
        Assert.Equal(typeof(int), fields["sentiment_n_ratings"]);
        Assert.Equal(typeof(long), fields["ner_resolution_id"]);
        Assert.Equal(typeof(ReadOnlyMemory<char>), fields["sentiment"]);
        Assert.Equal(2, reader.Metadata!.RowGroups.Sum(g => g.NumRows));
    }

    [Fact]
    public async Task Conll_OneTaggingPerText_FromTheFinalLabel()
    {
        var text = Encoding.UTF8.GetString(await WriteAsync("conll", DatasetScope.Final, CultureInfo.InvariantCulture));
        Assert.StartsWith("-DOCSTART- -X- O\n\nAda -X- _ B-PER\nLovelace -X- _ I-PER\nworked -X- _ O\nin -X- _ O\nLondon -X- _ B-LOC\n. -X- _ O\n", text);
        Assert.DoesNotContain("Ünïcode", text);
    }

    private static async Task<byte[]> WriteAsync(string formatName, DatasetScope scope, CultureInfo culture, IReadOnlyList<DatasetRow>? rows = null)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            var context = new DatasetFormatContext(1, 1, scope, 2, LabelingConfigCache.ParseOrThrow(Config), ["meta_id", "note", "text"]);
            using var output = new MemoryStream();
            await DatasetFormats.Find(formatName)!.WriteAsync(context, (rows ?? Rows()).ToAsyncEnumerable(), output, CancellationToken.None);
            return output.ToArray();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static ResultItem Choice(string value) =>
        new("c1", "sentiment", "text", "choices", new JsonObject { ["choices"] = new JsonArray(value) });

    private static ResultItem Span(string id, int start, int end, string text, string label) =>
        new(id, "ner", "text", "labels", new JsonObject { ["start"] = start, ["end"] = end, ["text"] = text, ["labels"] = new JsonArray(label) });

    private static IEnumerable<DatasetRow> Rows()
    {
        var created = new DateTime(2026, 3, 1, 10, 15, 2, DateTimeKind.Utc);
        var spans = new[] { Span("s1", 0, 12, "Ada Lovelace", "PER"), Span("s2", 23, 29, "London", "LOC") };
        var spansJson = ResultJson.Serialize([Choice("Positive"), .. spans]);
        yield return new DatasetRow(101, "ext-1", """{"text":"Ada Lovelace worked in London.","meta_id":17,"note":null}""", null, created, 3, 1, "train", "resolved",
        [
            new FrozenLabel("sentiment", "consensus", "majority", 1.0, 0.987654321, 3, [1, 2, 3], null, null, null, [Choice("Positive")]),
            new FrozenLabel("ner", "resolution", "resolution:edit", 0.5, null, 3, [1, 2, 3], 5, null, null, spans),
        ],
        [
            new ExportAnnotation(1, "u-ada", "ada@example.test", spansJson, false, created, 6.42, 2, false),
            new ExportAnnotation(2, "u-ben", "ben@example.test", ResultJson.Serialize([Choice("Positive")]), false, created.AddSeconds(30), 11.9, 2, false),
            new ExportAnnotation(3, "7", null, "[]", true, created.AddSeconds(60), 0.5, 1, true),
        ],
        [new ExportPrediction(9, ResultJson.Serialize([Choice("Negative")]), 0.25, "model-1", created)]);

        yield return new DatasetRow(102, null, """{"text":"Ünïcode, «quotes», \"double\" and a comma","meta_id":18.5,"note":"tab\there"}""", """{"source":"web"}""",
            created.AddDays(1), null, 2, "test", "agreed",
        [
            new FrozenLabel("sentiment", "gold", "gold:import", null, null, 0, [], null, 7, null, [Choice("Negative")]),
            new FrozenLabel("ner", "none", "none", null, null, 0, [], null, null, "open", []),
        ],
        [new ExportAnnotation(4, "u-cara", "cara@example.test", ResultJson.Serialize([Choice("Negative")]), false, created.AddDays(1), 3.25, 2, false)],
        []);
    }
}
