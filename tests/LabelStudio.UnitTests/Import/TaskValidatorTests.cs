using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.UnitTests.Import;

public sealed class TaskValidatorTests
{
    internal static readonly LabelingConfiguration Config = LabelingConfigParser.Parse("""
        <View>
          <Text name="text" value="$text"/>
          <Image name="img" value="$image"/>
          <Choices name="sentiment" toName="text"><Choice value="A"/></Choices>
          <Rating name="stars" toName="img"/>
        </View>
        """).Configuration!;

    private static ImportedTask Task(string json) =>
        TaskFileReader.Read(TestStreams.Utf8("[\n\n" + json + "\n]"), ImportFormat.Json).Single().Task!;

    [Fact]
    public void Valid_task_has_no_errors() =>
        Assert.Empty(TaskValidator.Validate(Task("""{"text": "t", "image": "https://x/1.png", "extra": 1}"""), Config));

    [Fact]
    public void Missing_fields_name_line_and_field()
    {
        var errors = TaskValidator.Validate(Task("""{"body": "t"}"""), Config).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(3, errors[0].Line);
        Assert.Equal("text", errors[0].Field);
        Assert.Contains("\"body\"", errors[0].Message);
        Assert.StartsWith("line 3, field \"text\": The task has no \"text\" field", errors[0].ToString());
        Assert.Equal("image", errors[1].Field);
    }

    [Fact]
    public void Wrong_value_types_are_errors()
    {
        var errors = TaskValidator.Validate(Task("""{"text": {"a": 1}, "image": 5}"""), Config).ToList();
        Assert.Equal(["text", "image"], errors.Select(e => e.Field));
        Assert.Empty(TaskValidator.Validate(Task("""{"text": 42, "image": "data:image/png;base64,AAAA"}"""), Config));
    }

    [Fact]
    public void Nested_fields_resolve()
    {
        var config = LabelingConfigParser.Parse("""<View><Text name="t" value="$doc.body"/><TextArea name="a" toName="t"/></View>""").Configuration!;
        Assert.Empty(TaskValidator.Validate(Task("""{"doc": {"body": "x"}}"""), config));
        Assert.Equal("doc.body", TaskValidator.Validate(Task("""{"doc": {}}"""), config).Single().Field);
    }

    [Fact]
    public void Result_regions_must_match_controls()
    {
        var task = Task("""
            {"data": {"text": "t", "image": "u"},
             "annotations": [
               {"result": [{"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["A"]}},
                           {"from_name": "mood", "to_name": "text", "type": "choices", "value": {}}]},
               {"result": {"not": "an array"}}
             ],
             "predictions": [
               {"result": [{"to_name": "text"}, 3, {"from_name": "stars", "to_name": "text", "type": "choices", "value": 4}]}
             ]}
            """);
        var errors = TaskValidator.Validate(task, Config).ToList();
        Assert.Equal(
            [
                "annotations[0].result[1].from_name",
                "annotations[1].result",
                "predictions[0].result[0].from_name",
                "predictions[0].result[1]",
                "predictions[0].result[2].to_name",
                "predictions[0].result[2].type",
                "predictions[0].result[2].value",
            ],
            errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(3, e.Line));
        Assert.Contains("\"mood\" is not a control", errors[0].Message);
    }

    [Fact]
    public void Import_plan_caps_errors_and_counts_all()
    {
        var lines = Enumerable.Range(0, 250).Select(i => i % 2 == 0 ? $"{{\"text\": \"t{i}\", \"image\": \"u\"}}" : "{\"other\": 1}");
        var records = TaskFileReader.Read(TestStreams.Utf8(string.Join("\n", lines) + "\n[1]\n"), ImportFormat.JsonLines);
        var plan = new ImportPlan(Config);
        var accepted = plan.Accept(records).ToList();
        Assert.Equal(125, accepted.Count);
        Assert.Equal(125, plan.TaskCount);
        Assert.Equal(251, plan.RecordCount);
        Assert.Equal(125 * 2 + 1, plan.ErrorCount);
        Assert.Equal(100, plan.Errors.Count);
        Assert.Equal(151, plan.OmittedErrorCount);
        Assert.True(plan.HasErrors);
        Assert.Equal(2, plan.Errors[0].Line);
        Assert.Equal("251 errors in 251 tasks; showing the first 100.", plan.Summary());
    }

    [Fact]
    public void Import_plan_without_errors()
    {
        var plan = new ImportPlan(null);
        Assert.NotNull(plan.Check(ImportRecord.FromTask(Task("""{"x": 1}"""))));
        Assert.Null(plan.Check(ImportRecord.FromError(4, null, "bad")));
        Assert.Equal(1, plan.ErrorCount);
        Assert.Equal("1 error in 2 tasks.", plan.Summary());
        Assert.Equal("0 tasks ready to import.", new ImportPlan(Config).Summary());
    }
}
