using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.UnitTests.Results;

public sealed class AnnotationValidatorTests
{
    private const string Text = "Ada Lovelace worked in London.";

    private static readonly LabelingConfiguration Config = LabelingConfigParser.Parse("""
        <View>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" required="true">
            <Choice value="Positive"/><Choice value="Negative"/>
          </Choices>
          <Choices name="topics" toName="text" choice="multiple">
            <Choice value="Tech"/><Choice value="History"/>
          </Choices>
          <Labels name="label" toName="text">
            <Label value="PER"/><Label value="LOC"/>
          </Labels>
          <Rating name="quality" toName="text" maxRating="4"/>
          <TextArea name="notes" toName="text"/>
          <TextArea name="summary_text" toName="text" required="true"/>
        </View>
        """).Configuration!;

    private static readonly JsonObject Data = new() { ["text"] = Text };

    private static ResultItem Item(string from, string type, string value, string to = "text") =>
        new(ResultIds.New(), from, to, type, JsonNode.Parse(value)!.AsObject());

    private static ResultItem Sentiment(string choice = "Positive") => Item("sentiment", "choices", $$"""{"choices":["{{choice}}"]}""");

    private static ResultItem Summary(string text = "Fine.") => Item("summary_text", "textarea", $$"""{"text":["{{text}}"]}""");

    private static IReadOnlyList<string> Validate(params ResultItem[] items) => AnnotationValidator.Validate(Config, items, Data);

    [Fact]
    public void A_complete_valid_result_has_no_messages()
    {
        var messages = Validate(
            Sentiment(),
            Item("topics", "choices", """{"choices":["Tech","History"]}"""),
            Item("label", "labels", """{"start":0,"end":12,"text":"Ada Lovelace","labels":["PER"]}"""),
            Item("label", "labels", """{"start":23,"end":29,"text":"London","labels":["LOC"]}"""),
            Item("quality", "rating", """{"rating":4}"""),
            Item("notes", "textarea", """{"text":[""]}"""),
            Summary());
        Assert.Empty(messages);
    }

    [Fact]
    public void Required_controls_must_be_answered()
    {
        Assert.Equal(["Sentiment is required.", "Summary text is required."], Validate());
        Assert.Equal(["Summary text is required."], Validate(Sentiment(), Summary("   ")));
        Assert.Equal(["Sentiment is required."], Validate(Item("sentiment", "choices", """{"choices":[]}"""), Summary()));
    }

    [Fact]
    public void Unknown_choice_and_multiple_answers_for_single_choice()
    {
        Assert.Equal(["\"Meh\" is not an option of Sentiment."], Validate(Sentiment("Meh"), Summary()));
        Assert.Equal(["Sentiment takes exactly one answer."],
            Validate(Item("sentiment", "choices", """{"choices":["Positive","Negative"]}"""), Summary()));
        Assert.Equal(["Sentiment is answered more than once."], Validate(Sentiment(), Sentiment("Negative"), Summary()));
        Assert.Equal(["Topics: an option is selected twice."],
            Validate(Sentiment(), Summary(), Item("topics", "choices", """{"choices":["Tech","Tech"]}""")));
    }

    [Fact]
    public void Wiring_must_match_the_config()
    {
        Assert.Contains(Validate(Sentiment(), Summary(), Item("nope", "choices", """{"choices":["A"]}""")),
            m => m.Contains("\"nope\"") && m.Contains("not part"));
        Assert.Contains(Validate(Summary(), Item("sentiment", "choices", """{"choices":["Positive"]}""", to: "image")),
            m => m.Contains("points at \"image\""));
        Assert.Contains(Validate(Summary(), Item("sentiment", "labels", """{"choices":["Positive"]}""")),
            m => m.Contains("type \"labels\""));
    }

    [Theory]
    [InlineData("""{"start":0,"end":12,"text":"Ada Lovelace","labels":["ORG"]}""", "\"ORG\" is not a label of Label.")]
    [InlineData("""{"start":0,"end":12,"text":"Ada Lovelace","labels":[]}""", "Label: every marked span needs a label.")]
    [InlineData("""{"start":5,"end":5,"text":"","labels":["PER"]}""", "Label: the span 5–5 is empty or reversed; its start must be before its end.")]
    [InlineData("""{"start":7,"end":3,"text":"x","labels":["PER"]}""", "Label: the span 7–3 is empty or reversed; its start must be before its end.")]
    [InlineData("""{"start":-1,"end":3,"text":"x","labels":["PER"]}""", "Label: the span -1–3 is empty or reversed; its start must be before its end.")]
    [InlineData("""{"start":23,"end":31,"text":"London.x","labels":["LOC"]}""", "Label: the span 23–31 goes past the end of the text (30 characters).")]
    [InlineData("""{"start":0,"end":3,"text":"Bob","labels":["PER"]}""", "Label: the span text \"Bob\" does not match the task text at 0–3 (\"Ada\").")]
    [InlineData("""{"start":0,"end":3,"labels":["PER"]}""", "Label: the span 0–3 has no \"text\".")]
    [InlineData("""{"start":"0","end":3,"text":"Ada","labels":["PER"]}""", "Label: a span needs whole-number \"start\" and \"end\" offsets.")]
    public void Span_checks(string value, string expected) =>
        Assert.Equal([expected], Validate(Sentiment(), Summary(), Item("label", "labels", value)));

    [Fact]
    public void Span_bounds_are_not_checked_without_task_data()
    {
        var items = new[] { Sentiment(), Summary(), Item("label", "labels", """{"start":0,"end":300,"text":"whatever","labels":["PER"]}""") };
        Assert.Empty(AnnotationValidator.Validate(Config, items, null));
    }

    [Fact]
    public void Spans_use_utf16_offsets_like_label_studio()
    {
        var data = new JsonObject { ["text"] = "🎉 Ada" };
        var items = new[] { Sentiment(), Summary(), Item("label", "labels", """{"start":3,"end":6,"text":"Ada","labels":["PER"]}""") };
        Assert.Empty(AnnotationValidator.Validate(Config, items, data));
    }

    [Theory]
    [InlineData("""{"rating":0}""")]
    [InlineData("""{"rating":5}""")]
    [InlineData("""{"rating":2.5}""")]
    [InlineData("""{"rating":"3"}""")]
    [InlineData("""{}""")]
    public void Rating_must_be_within_range(string value) =>
        Assert.Equal(["Quality must be a whole number from 1 to 4."], Validate(Sentiment(), Summary(), Item("quality", "rating", value)));

    [Fact]
    public void Rating_accepts_whole_number_forms()
    {
        Assert.Empty(Validate(Sentiment(), Summary(), Item("quality", "rating", """{"rating":1}""")));
        Assert.Empty(Validate(Sentiment(), Summary(), Item("quality", "rating", """{"rating":3.0}""")));
    }

    [Fact]
    public void Textarea_value_must_be_text()
    {
        Assert.Equal(["Notes: the answer is malformed (\"text\" must be a list of strings)."],
            Validate(Sentiment(), Summary(), Item("notes", "textarea", """{"text":[1]}""")));
        Assert.Empty(Validate(Sentiment(), Item("summary_text", "textarea", """{"text":"plain string"}""")));
    }

    [Fact]
    public void Display_name_is_humanized()
    {
        Assert.Equal("Summary text", AnnotationValidator.DisplayName(Config.FindControl("summary_text")!));
    }
}
