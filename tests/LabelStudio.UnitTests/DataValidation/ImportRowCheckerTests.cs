using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class ImportRowCheckerTests
{
    private static ImportedAnnotation Result(string regions) => new("[" + regions + "]", null, false, "ann", null);

    [Fact]
    public void Check_ValidTaskWithLabels_NoErrors()
    {
        var checker = new ImportRowChecker(Config);
        var task = Task("""{"text":"Ada Lovelace"}""", annotations: [Result("""
            {"from_name":"ner","to_name":"text","type":"labels","value":{"start":0,"end":3,"text":"Ada","labels":["PER"]}},
            {"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}},
            {"from_name":"stars","to_name":"text","type":"rating","value":{"rating":5}}
            """)]);
        Assert.Empty(checker.Check(task));
    }

    [Fact]
    public void Check_MissingConfigField_IsAnError()
    {
        var error = Assert.Single(new ImportRowChecker(Config).Check(Task("""{"body":"x"}""", line: 7)));
        Assert.Equal(7, error.Line);
        Assert.Equal("text", error.Field);
    }

    [Fact]
    public void Check_WrongTypeForConfigField_IsAnError() =>
        Assert.Equal("text", Assert.Single(new ImportRowChecker(Config).Check(Task("""{"text":["x"]}"""))).Field);

    [Fact]
    public void Check_LabelOutsideConfig_NamesLabelAndControl()
    {
        var task = Task("""{"text":"x"}""", line: 4, annotations: [Result("""
            {"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Neutral"]}}
            """)]);
        var error = Assert.Single(new ImportRowChecker(Config).Check(task));
        Assert.Equal("line 4, field \"annotations[0].result[0].value.choices\": \"Neutral\" is not a label of \"sentiment\" (its labels: Positive, Negative).",
            error.ToString());
    }

    [Fact]
    public void Check_PredictedSpanLabelOutsideConfig_IsAnError()
    {
        var task = Task("""{"text":"Ada"}""", predictions: [new("""[{"from_name":"ner","to_name":"text","type":"labels","value":{"start":0,"end":3,"text":"Ada","labels":["LOC"]}}]""", null, null)]);
        Assert.Equal("predictions[0].result[0].value.labels", Assert.Single(new ImportRowChecker(Config).Check(task)).Field);
    }

    [Fact]
    public void Check_SpanOutsideText_IsAnError()
    {
        var task = Task("""{"text":"Ada"}""", annotations: [Result("""
            {"from_name":"ner","to_name":"text","type":"labels","value":{"start":1,"end":9,"text":"da","labels":["PER"]}}
            """)]);
        var error = Assert.Single(new ImportRowChecker(Config).Check(task));
        Assert.Equal("The span 1–9 lies outside the text of \"text\" (3 characters).", error.Message);
    }

    [Fact]
    public void Check_SpanTextNotTheSubstring_IsAnError()
    {
        var task = Task("""{"text":"Ada Lovelace"}""", annotations: [Result("""
            {"from_name":"ner","to_name":"text","type":"labels","value":{"start":4,"end":12,"text":"Babbage","labels":["PER"]}}
            """)]);
        Assert.Equal("The span 4–12 says its text is \"Babbage\", but the text there is \"Lovelace\".",
            Assert.Single(new ImportRowChecker(Config).Check(task)).Message);
    }

    [Fact]
    public void Check_RatingOutOfRange_IsAnError()
    {
        var task = Task("""{"text":"x"}""", annotations: [Result("""{"from_name":"stars","to_name":"text","type":"rating","value":{"rating":9}}""")]);
        Assert.Equal("The rating 9 of \"stars\" is outside 1–5.", Assert.Single(new ImportRowChecker(Config).Check(task)).Message);
    }

    [Fact]
    public void Check_DuplicateData_NamesTheFirstLine()
    {
        var checker = new ImportRowChecker(Config);
        Assert.Empty(checker.Check(Task("""{"text":"same"}""", line: 2)));
        Assert.Empty(checker.Check(Task("""{"text":"other"}""", line: 3)));
        var error = Assert.Single(checker.Check(Task("""{"text":"same"}""", line: 9)));
        Assert.Equal(9, error.Line);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Check_DuplicatesAllowed_NoError()
    {
        var checker = new ImportRowChecker(Config, allowDuplicates: true);
        Assert.Empty(checker.Check(Task("""{"text":"same"}""")));
        Assert.Empty(checker.Check(Task("""{"text":"same"}""")));
    }
}
