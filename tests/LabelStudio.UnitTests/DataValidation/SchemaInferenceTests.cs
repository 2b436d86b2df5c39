using LabelStudio.Core.DataValidation;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class SchemaInferenceTests
{
    [Fact]
    public void Infer_DataAndConfig_TypesPresenceDomainsAndLabels()
    {
        var stats = Stats(Enumerable.Range(0, 40).Select(i => Task(
            $$"""{"text":"note {{i}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","rank":{{i}}{{(i < 30 ? ",\"lang\":\"en\"" : "")}}}""")));
        var schema = SchemaInference.Infer(stats, Config);

        var text = schema.Field("text")!;
        Assert.True(text.RequiredByConfig);
        Assert.Equal(DataFieldType.String, text.Type);
        Assert.Null(text.Domain); // shown by the configuration: never an enum
        Assert.Equal(["mail", "web"], schema.Field("source")!.Domain);
        Assert.Null(schema.Field("rank")!.Domain); // 40 distinct in 40 tasks: values do not repeat
        Assert.Equal(0.75, schema.Field("lang")!.Presence);
        Assert.Equal(["Positive", "Negative"], schema.Controls.Single(c => c.Name == "sentiment").Labels);
        Assert.Equal(["1", "2", "3", "4", "5"], schema.Controls.Single(c => c.Name == "stars").Labels);
    }

    [Fact]
    public void Infer_NoData_ConfigFieldsAreRequired()
    {
        var schema = SchemaInference.Infer(new DataStatistics(), Config);
        var text = Assert.Single(schema.Fields);
        Assert.Equal("text", text.Name);
        Assert.True(text.RequiredByConfig);
    }

    [Fact]
    public void Infer_RoundTripsThroughJson()
    {
        var schema = SchemaInference.Infer(Sources(20, 0.5), Config);
        var json = StatisticsJson.Serialize(schema);
        var back = StatisticsJson.Deserialize<DataSchema>(json);
        Assert.Equal(json, StatisticsJson.Serialize(back));
        Assert.Equal(["mail", "web"], back.Field("source")!.Domain);
    }
}
