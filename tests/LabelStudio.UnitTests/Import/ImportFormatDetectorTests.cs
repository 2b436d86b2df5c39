using System.Text;
using LabelStudio.Core.Import;

namespace LabelStudio.UnitTests.Import;

public sealed class ImportFormatDetectorTests
{
    [Theory]
    [InlineData("tasks.json", ImportFormat.Json)]
    [InlineData("TASKS.JSON", ImportFormat.Json)]
    [InlineData("a/b/tasks.jsonl", ImportFormat.JsonLines)]
    [InlineData("tasks.ndjson", ImportFormat.JsonLines)]
    [InlineData("tasks.csv", ImportFormat.Csv)]
    [InlineData("tasks.tsv", ImportFormat.Tsv)]
    public void Extension_decides(string name, ImportFormat expected) =>
        Assert.Equal(expected, ImportFormatDetector.FromFileName(name));

    [Theory]
    [InlineData("tasks.txt")]
    [InlineData("tasks")]
    [InlineData(null)]
    public void Unknown_extension_gives_null(string? name) => Assert.Null(ImportFormatDetector.FromFileName(name));

    [Theory]
    [InlineData("  \n[{\"text\": 1}]", ImportFormat.Json)]
    [InlineData("{\"text\": \"a\"}\n{\"text\": \"b\"}", ImportFormat.JsonLines)]
    [InlineData("{\n  \"data\": {\"text\": \"a\"}\n}", ImportFormat.Json)]
    [InlineData("text,label\na,b", ImportFormat.Csv)]
    [InlineData("text\tlabel\na, b\tc", ImportFormat.Tsv)]
    [InlineData("\uFEFF[]", ImportFormat.Json)]
    public void Content_decides_when_extension_is_unknown(string content, ImportFormat expected) =>
        Assert.Equal(expected, ImportFormatDetector.FromContent(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Read_by_file_name_detects_and_replays_the_peeked_bytes()
    {
        var lines = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"{{\"text\": \"task {i} — padded to exceed the sniffing window\"}}"));
        var records = TaskFileReader.Read(TestStreams.Chunked(lines, 333), "upload.bin").ToList();
        Assert.Equal(5000, records.Count);
        Assert.Equal(5000, records[^1].Task!.Line);

        var csv = TaskFileReader.Read(TestStreams.Utf8("text\nhello\n"), "data.csv").Single();
        Assert.Equal("""{"text":"hello"}""", csv.Task!.DataJson);
    }
}
