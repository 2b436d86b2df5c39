using System.Text.Json;
using LabelStudio.Data.Datasets;
using LabelStudio.Quality;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>The forward-only parse of stored control outcomes gives what the deserialiser gives, for the shape written
/// and for shapes it leaves to the deserialiser.</summary>
public sealed class ControlOutcomeReaderTests
{
    public static TheoryData<string> Stored() => new()
    {
        """[{"control":"sentiment","kind":"Category","state":"Agreed","method":"dawid-skene","agreement":1,"posterior":0.9991164316333077,"priority":0.0008835683666923444,"reasons":[],"ratings":3,"noMajority":false,"spanTie":false}]""",
        """[{"control":"ner","kind":"Spans","state":"Conflict","method":"span-vote","agreement":null,"posterior":null,"priority":1,"reasons":["Tie","LowAgreement"],"ratings":2,"noMajority":true,"spanTie":true},{"control":"sentiment","kind":"Category","state":"Open","method":"majority","priority":0,"reasons":[],"ratings":0}]""",
        """[{"Control":"sentiment","kind":0,"state":1,"method":"majority","priority":0.5,"reasons":[],"ratings":1}]""",
        "[]",
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void Parse_StoredOutcomes_EqualsTheDeserialiser(string json)
    {
        var expected = JsonSerializer.Deserialize<List<ControlOutcome>>(json, QualityJson.Options)!;

        var parsed = ControlOutcomeReader.Parse(json);

        Assert.Equal(JsonSerializer.Serialize(expected, QualityJson.Options), JsonSerializer.Serialize(parsed, QualityJson.Options));
        Assert.Equal(expected.Select(o => o.SpanTie), parsed.Select(o => o.SpanTie));
    }
}
