using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;
using LabelStudio.Data.Datasets;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>The forward-only label reader gives what the serializer gives (every field and null), and
/// shares one result list between labels whose regions are the same.</summary>
public sealed class FrozenLabelReaderTests
{
    private static readonly JsonSerializerOptions Options = new();

    private static List<FrozenLabel> Labels(string choice) =>
    [
        new("sentiment", "consensus", "dawid-skene", 0.6666666666666666, 0.929980705294845, 3, [4, 5, 6], null, null, null,
            [new ResultItem("consensus-sentiment", "sentiment", "text", "choices", new JsonObject { ["choices"] = new JsonArray(choice) })]),
        new("ner", "resolution", "resolution:edit", null, 1e-7, 0, [], 12, null, null,
        [
            new ResultItem("r1", "ner", "text", "labels", new JsonObject { ["start"] = 0, ["end"] = 4, ["labels"] = new JsonArray("PER") })
            {
                Origin = "prediction",
            },
        ]),
        new("summary", "none", "none", null, null, 0, null!, null, 8, "conflict — 未解决", null!),
    ];

    [Fact]
    public void Read_StoredLabels_EqualsTheSerializersReading()
    {
        var reader = new FrozenLabelReader(Options);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(Labels("Négatif \"x\""), Options);

        var read = reader.Read(bytes);

        var expected = JsonSerializer.Deserialize<List<FrozenLabel>>(bytes, Options)!;
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(read, Options));
        Assert.Equal(3, read.Count);
        Assert.Null(read[2].AnnotationIds);
        Assert.Null(read[2].Result);
        Assert.Equal("prediction", read[1].Result[0].Origin);
    }

    [Fact]
    public void Read_SameRegionsInTwoTasks_SharesOneResultList_DifferentRegionsDoNot()
    {
        var reader = new FrozenLabelReader(Options);

        var first = reader.Read(JsonSerializer.SerializeToUtf8Bytes(Labels("Positive"), Options));
        var second = reader.Read(JsonSerializer.SerializeToUtf8Bytes(Labels("Positive"), Options));
        var other = reader.Read(JsonSerializer.SerializeToUtf8Bytes(Labels("Negative"), Options));

        Assert.Same(first[0].Result, second[0].Result);
        Assert.NotSame(first[0].Result, other[0].Result);
        Assert.Equal("Negative", other[0].Result[0].Value["choices"]![0]!.GetValue<string>());
    }
}
