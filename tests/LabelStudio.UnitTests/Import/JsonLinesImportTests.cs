using System.Text;
using System.Text.Json.Nodes;
using LabelStudio.Core.Import;

namespace LabelStudio.UnitTests.Import;

public sealed class JsonLinesImportTests
{
    private static List<ImportRecord> ReadAll(string text) =>
        TaskFileReader.Read(TestStreams.Utf8(text), ImportFormat.JsonLines).ToList();

    [Fact]
    public void Each_line_is_a_task_and_blank_lines_are_skipped()
    {
        var records = ReadAll("{\"text\": \"a\"}\r\n\r\n{\"data\": {\"text\": \"b\", \"n\": 2}, \"annotations\": [{\"result\": []}]}\n   \n{\"text\": \"c\"}");
        Assert.Equal(3, records.Count);
        Assert.Equal([1, 3, 5], records.Select(r => r.Task!.Line));
        Assert.Equal("""{"text":"a"}""", records[0].Task!.DataJson);
        Assert.Equal(["text", "n"], records[1].Task!.DataKeys);
        Assert.Single(records[1].Task!.Annotations);
        Assert.Equal("""{"text":"c"}""", records[2].Task!.DataJson);
    }

    [Fact]
    public void Ground_truth_annotations_are_flagged()
    {
        var records = ReadAll("{\"data\": {\"text\": \"a\"}, \"annotations\": [{\"ground_truth\": true, \"result\": []}, {\"result\": []}]}\n");
        var task = Assert.Single(records).Task!;
        Assert.True(task.Annotations[0].GroundTruth);
        Assert.False(task.Annotations[1].GroundTruth);
    }

    [Fact]
    public void Bad_lines_are_row_errors_and_reading_continues()
    {
        var records = ReadAll("{\"text\": \"a\"}\n[1, 2]\n{\"text\": broken}\n\"str\"\n{\"data\": 5}\n{\"text\": \"z\"}\n");
        Assert.Equal(6, records.Count);
        Assert.Equal(1, records[0].Task!.Line);
        Assert.Equal(2, records[1].Error!.Line);
        Assert.Contains("an array", records[1].Error!.Message);
        Assert.Equal(3, records[2].Error!.Line);
        Assert.Contains("not valid JSON", records[2].Error!.Message);
        Assert.Contains("position 10", records[2].Error!.Message);
        Assert.Equal(4, records[3].Error!.Line);
        Assert.Equal(new ImportError(5, "data", records[4].Error!.Message), records[4].Error);
        Assert.Equal(6, records[5].Task!.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Empty_file_is_a_file_error(string text) =>
        Assert.Throws<ImportFormatException>(() => ReadAll(text));

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"")
            .Concat(new byte[] { 0x80 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var ex = Assert.Throws<ImportFormatException>(() => TaskFileReader.Read(new MemoryStream(bytes), ImportFormat.JsonLines).ToList());
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Tiny_chunks_with_multibyte_characters()
    {
        var lines = Enumerable.Range(0, 50).Select(i => $"{{\"text\": \"Zeile {i}: größer — 東京 🎌\", \"i\": {i}}}").ToList();
        var text = "\uFEFF" + string.Join("\n", lines) + "\n";
        var records = TaskFileReader.Read(TestStreams.Chunked(text), ImportFormat.JsonLines).ToList();
        Assert.Equal(50, records.Count);
        for (var i = 0; i < 50; i++)
        {
            var task = records[i].Task!;
            Assert.Equal(i + 1, task.Line);
            Assert.Equal($"Zeile {i}: größer — 東京 🎌", JsonNode.Parse(task.DataJson)!["text"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Long_lines_grow_the_buffer()
    {
        var big = new string('y', 200_000);
        var text = $"{{\"text\": \"a\"}}\n{{\"text\": \"{big}\"}}\n{{\"text\": \"b\"}}";
        var records = TaskFileReader.Read(TestStreams.Chunked(text, 5000), ImportFormat.JsonLines).ToList();
        Assert.Equal([1, 2, 3], records.Select(r => r.Task!.Line));
        Assert.Equal(big.Length + 11, records[1].Task!.DataJson.Length);
    }

    [Fact]
    public void Many_tasks_stream_through()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append("{\"text\": \"task ").Append(i).Append("\"}\n");
        }

        var count = 0;
        foreach (var record in TaskFileReader.Read(TestStreams.Utf8(sb.ToString()), ImportFormat.JsonLines))
        {
            count++;
            Assert.Equal(count, record.Task!.Line);
        }

        Assert.Equal(20_000, count);
    }
}
