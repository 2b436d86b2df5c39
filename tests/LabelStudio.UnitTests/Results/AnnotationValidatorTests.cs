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

public sealed class SpanValidationTests
{
    private const string Text = "Zoe\u0308 saw 😀 in \U00020BB7野家 and \u05E9\u05DC\u05D5\u05DD.";

    private static readonly LabelingConfiguration Config = LabelingConfigParser.Parse("""
        <View>
          <Labels name="ner" toName="text" required="true" maxUsages="3">
            <Label value="PER" maxUsages="1"/><Label value="ORG"/><Label value="LOC"/>
          </Labels>
          <Labels name="tags" toName="text" choice="multiple">
            <Label value="A"/><Label value="B"/>
          </Labels>
          <Text name="text" value="$text"/>
        </View>
        """).Configuration!;

    private static readonly JsonObject Data = new() { ["text"] = Text };

    private static ResultItem Span(string control, int start, int end, params string[] labels) =>
        new(ResultIds.New(), control, "text", "labels", new JsonObject
        {
            ["start"] = start, ["end"] = end, ["text"] = Text.Substring(start, end - start),
            ["labels"] = new JsonArray(labels.Select(l => (JsonNode?)l).ToArray()),
        });

    private static IReadOnlyList<AnnotationProblem> Check(IReadOnlyList<string>? noEntities, params ResultItem[] items) =>
        AnnotationValidator.Check(Config, items, Data, noEntities);

    [Fact]
    public void Check_SpanCuttingASurrogatePair_IsRefusedAndKeyedByTheControl()
    {
        var emoji = Text.IndexOf("😀", StringComparison.Ordinal);

        var problems = Check(null, Span("ner", emoji, emoji + 1, "ORG"));

        var problem = Assert.Single(problems);
        Assert.Equal("ner", problem.Key);
        Assert.Contains("cuts the character \"😀\" in two", problem.Message);
        var cjk = Text.IndexOf("\U00020BB7", StringComparison.Ordinal);
        Assert.Contains("cuts the character", Assert.Single(Check(null, Span("ner", cjk + 1, cjk + 3, "ORG"))).Message);
    }

    [Fact]
    public void Check_SpanCuttingALetterFromItsCombiningAccent_IsRefused()
    {
        var problem = Assert.Single(Check(null, Span("ner", 0, 3, "PER")));

        Assert.Equal("ner", problem.Key);
        Assert.Contains("cuts the character \"e\u0308\" in two", problem.Message);
    }

    [Fact]
    public void Check_TextThatIsNotTheSubstringAtItsOffsets_IsRefused()
    {
        var zoe = new ResultItem("r1", "ner", "text", "labels", JsonNode.Parse("""{"start":0,"end":4,"text":"Zo\u00EB","labels":["PER"]}""")!.AsObject());

        var problem = Assert.Single(Check(null, zoe));

        Assert.Equal("ner", problem.Key);
        Assert.Contains("does not match the task text at 0–4", problem.Message);
    }

    [Fact]
    public void Check_WholeGraphemesOutsideTheBmpAndRightToLeft_AreAccepted()
    {
        var cjk = Text.IndexOf("\U00020BB7野家", StringComparison.Ordinal);
        var hebrew = Text.IndexOf('\u05E9');

        Assert.Empty(Check(null, Span("ner", 0, 4, "PER"), Span("ner", cjk, cjk + 4, "ORG"), Span("ner", hebrew, hebrew + 4, "LOC")));
    }

    [Fact]
    public void Check_MaxUsages_OnTheLabelAndOnTheControl()
    {
        var per = Assert.Single(Check(null, Span("ner", 0, 4, "PER"), Span("ner", 5, 8, "PER")));
        Assert.Equal("Ner: \"PER\" may be used at most 1 time per task; it is used 2 times.", per.Message);

        var loc = Check(null, Span("ner", 5, 6, "LOC"), Span("ner", 6, 7, "LOC"), Span("ner", 7, 8, "LOC"), Span("ner", 12, 14, "LOC"));
        Assert.Equal("Ner: \"LOC\" may be used at most 3 times per task; it is used 4 times.", Assert.Single(loc).Message);
    }

    [Fact]
    public void Check_SeveralLabelsOnOneRegion_OnlyWhereTheConfigAllowsIt()
    {
        Assert.Contains("takes one label per span", Assert.Single(Check(null, Span("ner", 0, 4, "ORG", "LOC"))).Message);
        Assert.Empty(Check(null, Span("ner", 0, 4, "ORG"), Span("tags", 0, 4, "A", "B")));
        Assert.Contains("same label twice", Assert.Single(Check(null, Span("ner", 0, 4, "ORG"), Span("tags", 0, 4, "A", "A"))).Message);
    }

    [Fact]
    public void Check_NoEntities_AnswersARequiredLabelsControl()
    {
        var required = Assert.Single(Check(null));
        Assert.Equal("ner", required.Key);
        Assert.Equal("Ner is required: mark at least one span, or answer \"No entities\".", required.Message);

        Assert.Empty(Check(["ner"]));
        Assert.Contains("answered with \"no entities\", but the result marks 1 span", Assert.Single(Check(["ner"], Span("ner", 0, 4, "PER"))).Message);
        Assert.Equal(AnnotationValidator.ResultKey, Check(["nope", "ner"]).Single().Key);
    }

    [Fact]
    public void ByKey_GroupsMessagesForValidationProblemDetails()
    {
        var byKey = AnnotationValidator.ByKey(Check(null, new ResultItem("x", "ghost", "text", "labels", new JsonObject())));

        Assert.Equal(["ner", "result"], byKey.Keys.Order());
        Assert.Single(byKey["result"]);
    }
}
