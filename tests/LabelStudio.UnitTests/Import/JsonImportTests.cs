using System.Text;
using System.Text.Json.Nodes;
using LabelStudio.Core.Import;

namespace LabelStudio.UnitTests.Import;

public sealed class JsonImportTests
{
    private static List<ImportRecord> ReadAll(string json) =>
        TaskFileReader.Read(TestStreams.Utf8(json), ImportFormat.Json).ToList();

    [Fact]
    public void Array_of_tasks_gives_lines_keys_and_compact_data()
    {
        var records = ReadAll("""
            [
              {"data": {"text": "Hello", "ref_id": 17}},
              {
                "data": {
                  "text": "Ünïcödé \"quoted\"",
                  "nested": {"a": [1, 2]}
                }
              }
            ]
            """);
        Assert.Equal(2, records.Count);
        var first = records[0].Task!;
        Assert.Equal(2, first.Line);
        Assert.Equal("""{"text":"Hello","ref_id":17}""", first.DataJson);
        Assert.Equal(["text", "ref_id"], first.DataKeys);
        Assert.Empty(first.Annotations);
        Assert.Empty(first.Predictions);
        Assert.Null(first.MetaJson);
        var second = records[1].Task!;
        Assert.Equal(3, second.Line);
        Assert.Equal("""{"text":"Ünïcödé \"quoted\"","nested":{"a":[1,2]}}""", second.DataJson);
        Assert.Equal(["text", "nested"], second.DataKeys);
    }

    [Fact]
    public void Plain_object_without_data_is_the_data_itself()
    {
        var records = ReadAll("""[{"text": "a", "image": "http://x/1.png"}, {"data": {"text": "b"}, "meta": {"source": "web"}}]""");
        Assert.Equal("""{"text":"a","image":"http://x/1.png"}""", records[0].Task!.DataJson);
        Assert.Equal(["text", "image"], records[0].Task!.DataKeys);
        Assert.Equal("""{"text":"b"}""", records[1].Task!.DataJson);
        Assert.Equal("""{"source":"web"}""", records[1].Task!.MetaJson);
    }

    [Fact]
    public void Single_task_object_is_one_task()
    {
        var records = ReadAll("\n\n  {\n  \"data\": {\"text\": \"only\"}\n}\n");
        var task = Assert.Single(records).Task!;
        Assert.Equal(3, task.Line);
        Assert.Equal("""{"text":"only"}""", task.DataJson);
    }

    [Fact]
    public void Annotations_and_predictions_are_kept()
    {
        var records = ReadAll("""
            [{
              "data": {"text": "Ada Lovelace worked in London."},
              "annotations": [
                {"completed_by": 3, "lead_time": 31.2, "was_cancelled": false, "created_at": "2025-03-01T11:00:00.000000Z",
                 "result": [{"id": "EI-7rKAGWv", "from_name": "label", "to_name": "text", "type": "labels",
                             "value": {"start": 0, "end": 12, "text": "Ada Lovelace", "labels": ["PER"]}}]},
                {"completed_by": {"id": 5, "email": "bo@example.com"}, "was_cancelled": true, "result": []},
                {"completed_by": "cy@example.com"}
              ],
              "predictions": [{"model_version": "v1", "score": 0.95, "result": [{"from_name": "label"}]}, {"model_version": 7, "result": []}]
            }]
            """);
        var task = Assert.Single(records).Task!;
        Assert.Equal(3, task.Annotations.Count);
        var a = task.Annotations[0];
        Assert.Equal("3", a.CompletedBy);
        Assert.Equal(31.2, a.LeadTimeSeconds);
        Assert.False(a.WasCancelled);
        Assert.Equal(new DateTime(2025, 3, 1, 11, 0, 0, DateTimeKind.Utc), a.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, a.CreatedAt!.Value.Kind);
        Assert.StartsWith("""[{"id":"EI-7rKAGWv","from_name":"label",""", a.ResultJson);
        Assert.Equal("5", task.Annotations[1].CompletedBy);
        Assert.Equal("bo@example.com", task.Annotations[1].AuthorName);
        Assert.True(task.Annotations[1].WasCancelled);
        Assert.Equal("[]", task.Annotations[1].ResultJson);
        Assert.Equal("cy@example.com", task.Annotations[2].CompletedBy);
        Assert.Equal("[]", task.Annotations[2].ResultJson);
        Assert.Null(task.Annotations[2].LeadTimeSeconds);
        Assert.Null(task.Annotations[2].CreatedAt);
        Assert.Equal(new ImportedPrediction("""[{"from_name":"label"}]""", 0.95, "v1"), task.Predictions[0]);
        Assert.Equal("7", task.Predictions[1].ModelVersion);
        Assert.Null(task.Predictions[1].Score);
    }

    [Fact]
    public void Ground_truth_flag_is_read()
    {
        var task = ReadAll("""
            [{"data": {"text": "x"}, "annotations": [
                {"ground_truth": true, "result": [{"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["Negative"]}}]},
                {"ground_truth": false, "result": []},
                {"ground_truth": null, "result": []},
                {"result": []}]}]
            """).Single().Task!;
        Assert.Equal([true, false, false, false], task.Annotations.Select(a => a.GroundTruth));
    }

    [Fact]
    public void Legacy_completions_are_read_as_annotations()
    {
        var task = ReadAll("""[{"data": {"text": "x"}, "completions": [{"result": []}]}]""").Single().Task!;
        Assert.Single(task.Annotations);
    }

    [Theory]
    [InlineData("""{"data": "text"}""", "data")]
    [InlineData("""{"data": {"text": "x"}, "annotations": {}}""", "annotations")]
    [InlineData("""{"data": {"text": "x"}, "annotations": [1]}""", "annotations[0]")]
    [InlineData("""{"data": {"text": "x"}, "annotations": [{"lead_time": "slow"}]}""", "annotations[0].lead_time")]
    [InlineData("""{"data": {"text": "x"}, "annotations": [{"was_cancelled": 1}]}""", "annotations[0].was_cancelled")]
    [InlineData("""{"data": {"text": "x"}, "annotations": [{"created_at": "yesterday"}]}""", "annotations[0].created_at")]
    [InlineData("""{"data": {"text": "x"}, "annotations": [{"ground_truth": "yes"}]}""", "annotations[0].ground_truth")]
    [InlineData("""{"data": {"text": "x"}, "predictions": [{"score": "high"}]}""", "predictions[0].score")]
    [InlineData("""{"data": {"text": "x"}, "meta": []}""", "meta")]
    [InlineData("""{"data": {"text": "x", "text": "y"}}""", "data.text")]
    [InlineData("""{"data": {}}""", "data")]
    [InlineData("""{}""", null)]
    public void Bad_task_shapes_are_row_errors(string task, string? field)
    {
        var records = ReadAll($"[\n{task},\n{{\"text\": \"fine\"}}\n]");
        Assert.Equal(2, records.Count);
        var error = records[0].Error!;
        Assert.Null(records[0].Task);
        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Equal(3, records[1].Task!.Line);
    }

    [Fact]
    public void Array_items_that_are_not_objects_are_row_errors()
    {
        var records = ReadAll("[\n  \"just text\",\n  [1, 2],\n  42,\n  {\"text\": \"ok\"}\n]");
        Assert.Equal(4, records.Count);
        Assert.Equal([2, 3, 4], records.Take(3).Select(r => r.Error!.Line));
        Assert.Contains("a string", records[0].Error!.Message);
        Assert.Contains("an array", records[1].Error!.Message);
        Assert.Contains("a number", records[2].Error!.Message);
        Assert.Equal(5, records[3].Task!.Line);
        Assert.False(records[0].IsTask);
        Assert.True(records[3].IsTask);
    }

    [Fact]
    public void Empty_array_has_no_tasks() => Assert.Empty(ReadAll("[ ]"));

    [Theory]
    [InlineData("")]
    [InlineData("  \n\r\n ")]
    [InlineData("\uFEFF")]
    public void Empty_file_is_a_file_error(string content)
    {
        var ex = Assert.Throws<ImportFormatException>(() => ReadAll(content));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Broken_json_reports_line_and_position()
    {
        var json = "[\n  {\"text\": \"a\"},\n  {\"text\": \"b\",,}\n]";
        var records = new List<ImportRecord>();
        var ex = Assert.Throws<ImportFormatException>(() =>
        {
            foreach (var r in TaskFileReader.Read(TestStreams.Utf8(json), ImportFormat.Json))
            {
                records.Add(r);
            }
        });
        Assert.Equal(3, ex.Line);
        Assert.NotNull(ex.Position);
        Assert.Contains("line 3", ex.Message);
        Assert.Single(records);
    }

    [Fact]
    public void Broken_json_far_into_a_large_file_has_the_absolute_line()
    {
        var sb = new StringBuilder("[\n");
        for (var i = 0; i < 5000; i++)
        {
            sb.Append("  {\"text\": \"task number ").Append(i).Append(" with some padding to fill the buffer\"},\n");
        }

        sb.Append("  {\"text\": oops}\n]");
        var count = 0;
        var ex = Assert.Throws<ImportFormatException>(() =>
        {
            foreach (var r in TaskFileReader.Read(TestStreams.Chunked(sb.ToString(), 4096), ImportFormat.Json))
            {
                Assert.Equal(count + 2, r.Task!.Line);
                count++;
            }
        });
        Assert.Equal(5000, count);
        Assert.Equal(5002, ex.Line);
        Assert.Equal(12, ex.Position);
    }

    [Theory]
    [InlineData("[{\"text\": \"a\"}")]
    [InlineData("[{\"text\": \"a")]
    [InlineData("{\"text\": \"a\"} {\"text\": \"b\"}")]
    [InlineData("[{\"text\": \"a\"}] x")]
    [InlineData("42")]
    [InlineData("[{\"text\": \"a\",}]")]
    [InlineData("// comment\n[]")]
    public void Broken_structures_are_file_errors(string json)
    {
        var ex = Assert.Throws<ImportFormatException>(() => ReadAll(json));
        Assert.NotNull(ex.Line);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("[\n{\"text\": \"ok\"},\n{\"text\": \"bad "));
        bytes.AddRange([0xC3, 0x28]);
        bytes.AddRange(Encoding.UTF8.GetBytes("\"}\n]"));
        var ex = Assert.Throws<ImportFormatException>(() =>
            TaskFileReader.Read(new MemoryStream(bytes.ToArray()), ImportFormat.Json).ToList());
        Assert.Equal(3, ex.Line);
        Assert.Contains("UTF-8", ex.Message);
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void Truncated_utf8_at_end_of_file_is_invalid()
    {
        var bytes = Encoding.UTF8.GetBytes("[\n{\"text\": \"ok\"}]\n").Concat(new byte[] { 0xE2, 0x82 }).ToArray();
        var ex = Assert.Throws<ImportFormatException>(() =>
            TaskFileReader.Read(new ChunkedStream(bytes, 3), ImportFormat.Json).ToList());
        Assert.Equal(3, ex.Line);
    }

    [Theory]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // UTF-16 surrogate
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong
    [InlineData(new byte[] { 0xFF })]
    public void Strict_utf8_rejects_surrogates_overlongs_and_invalid_bytes(byte[] bad)
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"text\": \"").Concat(bad).Concat(Encoding.UTF8.GetBytes("\"}]")).ToArray();
        var ex = Assert.Throws<ImportFormatException>(() => TaskFileReader.Read(new MemoryStream(bytes), ImportFormat.Json).ToList());
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Bom_is_skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("[\n{\"text\": \"x\"}]")).ToArray();
        var task = TaskFileReader.Read(new MemoryStream(bytes), ImportFormat.Json).Single().Task!;
        Assert.Equal(2, task.Line);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Tiny_chunks_from_a_non_seekable_stream_parse_the_same(int chunkSize)
    {
        const string json = "\uFEFF[\n  {\"data\": {\"text\": \"héllo wörld — 你好 🎉\"}, \"predictions\": [{\"result\": [], \"score\": 0.5}]},\n  {\"text\": \"€€€€€€€€€€€€\"}\n]";
        var stream = TestStreams.Chunked(json, chunkSize);
        var records = TaskFileReader.Read(stream, ImportFormat.Json).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal("héllo wörld — 你好 🎉", JsonNode.Parse(records[0].Task!.DataJson)!["text"]!.GetValue<string>());
        Assert.StartsWith("""{"text":"héllo wörld — 你好 """, records[0].Task!.DataJson);
        Assert.Equal(2, records[0].Task!.Line);
        Assert.Equal(0.5, records[0].Task!.Predictions.Single().Score);
        Assert.Equal("""{"text":"€€€€€€€€€€€€"}""", records[1].Task!.DataJson);
        Assert.Equal(3, records[1].Task!.Line);
        Assert.True(stream.ReadCalls > json.Length / chunkSize);
    }

    [Fact]
    public void A_task_larger_than_the_buffer_is_read_whole()
    {
        var big = new string('x', 300_000) + "é";
        var json = $"[\n{{\"text\": \"small\"}},\n{{\"text\": \"{big}\"}},\n{{\"text\": \"after\"}}\n]";
        var records = TaskFileReader.Read(TestStreams.Chunked(json, 10_000), ImportFormat.Json).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(3, records[1].Task!.Line);
        Assert.Equal($"{{\"text\":\"{big}\"}}", records[1].Task!.DataJson);
        Assert.Equal(4, records[2].Task!.Line);
    }

    [Fact]
    public void Reading_is_lazy()
    {
        var json = "[{\"text\": \"a\"}, {\"text\": \"b\"}, broken";
        using var enumerator = TaskFileReader.Read(TestStreams.Utf8(json), ImportFormat.Json).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("""{"text":"a"}""", enumerator.Current.Task!.DataJson);
        Assert.True(enumerator.MoveNext());
        Assert.Throws<ImportFormatException>(() => enumerator.MoveNext());
    }

    [Fact]
    public void Import_error_formats_line_and_field()
    {
        Assert.Equal("line 12, field \"text\": missing", new ImportError(12, "text", "missing").ToString());
        Assert.Equal("line 3: bad row", new ImportError(3, null, "bad row").ToString());
    }
}
