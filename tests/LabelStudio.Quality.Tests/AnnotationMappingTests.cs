using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Quality;

namespace LabelStudio.Quality.Tests;

public sealed class AnnotationMappingTests
{
    private const string Config = """
        <View>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single-radio">
            <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
          </Choices>
          <Choices name="topics" toName="text" choice="multiple">
            <Choice value="Price"/><Choice value="Quality"/><Choice value="Delivery"/>
          </Choices>
          <Rating name="stars" toName="text" maxRating="5"/>
          <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
          <TextArea name="summary" toName="text"/>
        </View>
        """;

    private static readonly IReadOnlyList<ConsensusControl> Controls =
        ConsensusControl.From(LabelingConfigParser.Parse(Config).Configuration!);

    private static ConsensusControl Control(string name) => Controls.Single(c => c.Name == name);

    private static IReadOnlyList<ResultItem> Result(string json) => ResultJson.Parse(json);

    [Fact]
    public void From_EveryControlKind_InConfigOrder()
    {
        Assert.Equal(["sentiment", "topics", "stars", "ner", "summary"], Controls.Select(c => c.Name));
        Assert.Equal([ConsensusKind.Category, ConsensusKind.MultiChoice, ConsensusKind.Numeric, ConsensusKind.Spans, ConsensusKind.Text],
            Controls.Select(c => c.Kind));
        Assert.Equal(["1", "2", "3", "4", "5"], Control("stars").Categories);
        Assert.Equal("text", Control("ner").TextField);
    }

    [Fact]
    public void Category_IsTheIndexInDeclaredOrder_AndMissingOrUnknownIsNoRating()
    {
        var c = Control("sentiment");
        Assert.Equal(2, AnnotationMapping.Category(c, Result("""[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Neutral"]}}]""")));
        Assert.Null(AnnotationMapping.Category(c, Result("[]")));
        Assert.Null(AnnotationMapping.Category(c, Result("""[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Angry"]}}]""")));
    }

    [Fact]
    public void ChoiceMask_SetsOneBitPerChoice_AndMissingIsTheEmptySet()
    {
        var c = Control("topics");
        Assert.Equal(0b101UL, AnnotationMapping.ChoiceMask(c, Result("""[{"from_name":"topics","to_name":"text","type":"choices","value":{"choices":["Delivery","Price"]}}]""")));
        Assert.Equal(0UL, AnnotationMapping.ChoiceMask(c, Result("[]")));
    }

    [Fact]
    public void Rating_IsTheNumber_OutOfRangeIsNoRating()
    {
        var c = Control("stars");
        Assert.Equal(4, AnnotationMapping.Rating(c, Result("""[{"from_name":"stars","to_name":"text","type":"rating","value":{"rating":4}}]""")));
        Assert.Null(AnnotationMapping.Rating(c, Result("""[{"from_name":"stars","to_name":"text","type":"rating","value":{"rating":9}}]""")));
        Assert.Null(AnnotationMapping.Rating(c, Result("[]")));
    }

    [Fact]
    public void Spans_KeepStartEndAndLabelIndex_SkipUnknownLabels()
    {
        var spans = AnnotationMapping.Spans(Control("ner"), Result("""
            [{"from_name":"ner","to_name":"text","type":"labels","value":{"start":0,"end":3,"text":"Ada","labels":["PER"]}},
             {"from_name":"ner","to_name":"text","type":"labels","value":{"start":8,"end":12,"text":"ACME","labels":["ORG"]}},
             {"from_name":"ner","to_name":"text","type":"labels","value":{"start":13,"end":15,"text":"xx","labels":["MISC"]}}]
            """));
        Assert.Equal([new LabeledSpan(0, 3, 0), new LabeledSpan(8, 12, 1)], spans);
    }

    [Fact]
    public void Text_JoinsLines_MissingIsNull()
    {
        var c = Control("summary");
        Assert.Equal("a\nb", AnnotationMapping.Text(c, Result("""[{"from_name":"summary","to_name":"text","type":"textarea","value":{"text":["a","b"]}}]""")));
        Assert.Null(AnnotationMapping.Text(c, Result("[]")));
    }

    [Fact]
    public void TaskText_ReadsTheLabelsObjectField()
    {
        var data = AnnotationMapping.ParseData("""{"text":"Ada works at ACME"}""");
        Assert.Equal("Ada works at ACME", AnnotationMapping.TaskText(Control("ner"), data));
        Assert.Null(AnnotationMapping.TaskText(Control("ner"), AnnotationMapping.ParseData("""{"other":1}""")));
    }

    [Fact]
    public void Score_MultiControl_ConflictWhenAnyControlIsInConflict_PriorityIsTheHighest()
    {
        static RaterAnswer Answer(string user, string sentiment, int stars) => new(user, Result($$$"""
            [{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{sentiment}}}"]}},
             {"from_name":"stars","to_name":"text","type":"rating","value":{"rating": {{{stars}}} }}]
            """));
        var result = TaskConsensus.Score(Controls, [Answer("a", "Positive", 1), Answer("b", "Positive", 5), Answer("c", "Positive", 3)],
            AnnotationMapping.ParseData("""{"text":"Ada works at ACME"}"""), ConflictRule.Default, null);

        Assert.Equal(TaskOutcomeState.Conflict, result.State);
        Assert.Equal("majority", result.Method);
        Assert.Equal(1.0, result.Agreement);
        Assert.Contains("LowAgreement", result.Reasons);
        var stars = result.Controls.Single(c => c.Control == "stars");
        Assert.Equal(TaskOutcomeState.Conflict, stars.State);
        Assert.Equal(stars.Priority, result.Priority);
        Assert.Equal(TaskOutcomeState.Agreed, result.Controls.Single(c => c.Control == "sentiment").State);
        var rating = result.Consensus.Single(r => r.FromName == "stars");
        Assert.Equal(3, rating.Value["rating"]!.GetValue<int>());
    }

    [Fact]
    public void Score_TextAnswers_MedoidIsTheConsensus()
    {
        static RaterAnswer Answer(string user, string text) => new(user, Result($$$"""
            [{"from_name":"summary","to_name":"text","type":"textarea","value":{"text":["{{{text}}}"]}}]
            """));
        var result = TaskConsensus.Score([Control("summary")], [Answer("a", "good value"), Answer("b", "good values"), Answer("c", "bad")],
            null, ConflictRule.Default, null);
        Assert.Equal("medoid", result.Method);
        Assert.Equal("good value", result.Consensus.Single().Value["text"]![0]!.GetValue<string>());
    }
}
