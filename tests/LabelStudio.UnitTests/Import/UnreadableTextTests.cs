using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.UnitTests.Import;

/// <summary>
/// Hostile input that is valid JSON yet no text: a lone UTF-16 surrogate escape (<c>"\ud800"</c>). System.Text.Json
/// throws InvalidOperationException for it, not JsonException; every reader and check must turn it into the import's
/// usual error naming line and field.
/// </summary>
public sealed class UnreadableTextTests
{
    private static readonly LabelingConfiguration Config = TaskValidatorTests.Config;

    private const string Data = "\"text\":\"t\",\"image\":\"https://x/1.png\"";

    private static string Region(string fromName, string choice) =>
        $$$"""{"from_name":"{{{fromName}}}","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}""";

    public static TheoryData<string, string, string> LoneSurrogates() => new()
    {
        { "data value", "{\"text\":\"a\\ud800b\",\"image\":\"https://x/1.png\"}", "text" },
        { "image address", "{\"text\":\"t\",\"image\":\"https://x/\\udc00.png\"}", "image" },
        { "data key", "{\"te\\ud800xt\":\"t\",\"image\":\"https://x/1.png\"}", "(a key)" },
        { "nested data value", "{\"data\":{" + Data + ",\"more\":{\"note\":\"\\ud800\"}}}", "data.more.note" },
        { "completed_by", "{\"data\":{" + Data + "},\"annotations\":[{\"completed_by\":\"\\udc00\",\"result\":[]}]}", "annotations[0].completed_by" },
        { "created_at", "{\"data\":{" + Data + "},\"annotations\":[{\"created_at\":\"\\udc00\",\"result\":[]}]}", "annotations[0].created_at" },
        { "lead_time as text", "{\"data\":{" + Data + "},\"annotations\":[{\"lead_time\":\"\\ud800\",\"result\":[]}]}", "annotations[0].lead_time" },
        { "model_version", "{\"data\":{" + Data + "},\"predictions\":[{\"model_version\":\"\\ud800\",\"result\":[]}]}", "predictions[0].model_version" },
        { "region from_name", "{\"data\":{" + Data + "},\"annotations\":[{\"result\":[" + Region("sen\\ud800", "A") + "]}]}", "annotations[0].result[0].from_name" },
        { "region label", "{\"data\":{" + Data + "},\"predictions\":[{\"result\":[" + Region("sentiment", "\\ud800") + "]}]}", "predictions[0].result[0].value.choices[0]" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Lone_surrogate_is_a_row_error_naming_the_field_in_json_lines_and_json(string name, string task, string field)
    {
        var lines = TaskFileReader.Read(TestStreams.Utf8("{\"text\":\"fine\"}\n" + task + "\n{\"text\":\"after\"}\n"), ImportFormat.JsonLines).ToList();
        var array = TaskFileReader.Read(TestStreams.Utf8("[\n{\"text\":\"fine\"},\n" + task + "\n]"), ImportFormat.Json).ToList();

        AssertRowError(name, lines[1], 2, field);
        Assert.Equal(3, lines[2].Task!.Line);
        AssertRowError(name, array[1], 3, field);
        Assert.Equal(2, array.Count);
    }

    private static void AssertRowError(string name, ImportRecord record, int line, string field)
    {
        Assert.True(record.Error is not null, name);
        Assert.Equal(new ImportError(line, field, record.Error.Message), record.Error);
        Assert.Contains("lone UTF-16 surrogate", record.Error.Message);
    }

    private static ImportedTask Task(string dataJson, string resultJson = "[]") =>
        new(7, dataJson, ["text", "image"], [new ImportedAnnotation(resultJson, null, false, "1", null)], [], null);

    [Theory]
    [InlineData("{\"text\":\"t\",\"image\":\"https://x/\\ud800.png\"}", "[]", "data.image")]
    [InlineData("{\"text\":\"t\",\"im\\ud800age\":\"x\"}", "[]", "data.(a key)")]
    [InlineData("{" + Data + "}", "[{\"from_name\":\"sen\\ud800\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{}}]", "annotations[0].result[0].from_name")]
    [InlineData("{" + Data + "}", "[{\"from_name\":\"sentiment\",\"to_name\":\"te\\udc00xt\",\"type\":\"choices\",\"value\":{}}]", "annotations[0].result[0].to_name")]
    public void TaskValidator_lone_surrogate_is_an_error_not_an_exception(string data, string result, string field)
    {
        var error = Assert.Single(TaskValidator.Validate(Task(data, result), Config));
        Assert.Equal(7, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains("lone UTF-16 surrogate", error.Message);
    }

    [Fact]
    public void TaskValidator_a_string_that_is_not_utf16_is_an_error_not_an_exception()
    {
        var error = Assert.Single(TaskValidator.Validate(Task("{\"text\":\"a\ud800\",\"image\":\"https://x/1.png\"}"), Config));
        Assert.Equal("data", error.Field);
    }

    [Fact]
    public void ImportRowChecker_lone_surrogate_label_is_an_error_not_an_exception()
    {
        var task = Task("{" + Data + "}", "[" + Region("sentiment", "\\ud800") + "]");

        var error = Assert.Single(new ImportRowChecker(Config).Check(task));

        Assert.Equal("annotations[0].result[0].value.choices[0]", error.Field);
    }

    [Theory]
    [InlineData("[{\"from_name\":\"a\\ud800\",\"to_name\":\"t\",\"type\":\"choices\",\"value\":{}}]")]
    [InlineData("[{\"from_name\":\"a\",\"to_name\":\"t\",\"type\":\"choices\",\"value\":{},\"k\\udc00\":1}]")]
    public void ResultJson_lone_surrogate_is_a_format_error(string json)
    {
        var ex = Assert.Throws<FormatException>(() => ResultJson.Parse(json));
        Assert.Contains("not valid text", ex.Message);
        Assert.False(ResultJson.TryParse(json, out _, out _));
    }

    [Fact]
    public void ResultJson_a_string_that_is_not_utf16_is_a_format_error()
    {
        // In code, not an attribute: an attribute's string would reach the test as U+FFFD.
        var json = "[" + Region("a\ud800", "A") + "]";
        Assert.Contains("not valid text", Assert.Throws<FormatException>(() => ResultJson.Parse(json)).Message);
    }

    [Fact]
    public void DataStatistics_skips_unreadable_labels_and_ratings_beyond_double()
    {
        var labels = DataStatistics.LabelsOf(
            "[" + Region("sentiment", "\\ud800") + "," + Region("sentiment", "A") + ","
            + "{\"from_name\":\"stars\",\"to_name\":\"img\",\"type\":\"rating\",\"value\":{\"rating\":1e400}},"
            + "{\"from_name\":\"stars\",\"to_name\":\"img\",\"type\":\"rating\",\"value\":{\"rating\":4}}]").ToList();

        Assert.Equal([("sentiment", "A"), ("stars", "4")], labels);
        Assert.Empty(DataStatistics.LabelsOf("[" + Region("a\ud800", "A") + "]"));
    }

    [Fact]
    public void Numbers_beyond_double_and_long_are_row_errors_or_kept_as_written()
    {
        var records = TaskFileReader.Read(TestStreams.Utf8(
            "{\"data\":{" + Data + "},\"annotations\":[{\"lead_time\":1e400,\"result\":[]}]}\n"
            + "{\"data\":{" + Data + "},\"predictions\":[{\"score\":-1e400,\"result\":[]}]}\n"
            + "{\"data\":{" + Data + ",\"n\":99999999999999999999,\"x\":1e400},\"annotations\":[{\"completed_by\":99999999999999999999,\"result\":[]}]}\n"),
            ImportFormat.JsonLines).ToList();

        Assert.Equal("annotations[0].lead_time", records[0].Error!.Field);
        Assert.Equal("predictions[0].score", records[1].Error!.Field);
        var task = records[2].Task!;
        Assert.Equal("99999999999999999999", task.Annotations[0].CompletedBy);
        Assert.Empty(new ImportRowChecker(Config).Check(task));
    }
}
