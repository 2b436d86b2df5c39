using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;
using LabelStudio.Data.Datasets;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>The hand-written label JSON gives the serializer's bytes exactly, under both encoders a version uses (the
/// stored labels escape non-ASCII, the files keep it readable), so stored versions and files keep their hashes.</summary>
public sealed class FrozenLabelJsonTests
{
    private static readonly ResultItem Shared = new("consensus-sentiment", "sentiment", "text", "choices",
        new JsonObject { ["choices"] = new JsonArray("Négatif <b> & \"quoted\"") });

    private static IReadOnlyList<FrozenLabel> Labels() =>
    [
        new("sentiment", "consensus", "dawid-skene", 0.6666666666666666, 0.929980705294845, 3, [4, 5, 6], null, null, null, [Shared]),
        new("ner", "resolution", "resolution:edit", null, 1e-7, 0, [], 12, null, null,
        [
            new ResultItem("r1", "ner", "text", "labels", new JsonObject { ["start"] = 0, ["end"] = 4, ["labels"] = new JsonArray("PER") })
            {
                Extra = new JsonObject { ["score"] = 0.25 },
            },
            Shared,
        ]),
        new("summary", "none", "none", null, null, 0, [], null, 8, "conflict — 未解决", []),
    ];

    [Fact]
    public void Serialize_DefaultEncoder_EqualsTheSerializer()
    {
        var options = new JsonSerializerOptions();
        var json = new FrozenLabelJson(options);

        Assert.Equal(JsonSerializer.Serialize(Labels(), options), json.Serialize(Labels()));
        // Twice: the second time the shared item's JSON comes from the cache.
        Assert.Equal(JsonSerializer.Serialize(Labels(), options), json.Serialize(Labels()));
    }

    [Fact]
    public void Write_RelaxedEncoder_EqualsTheSerializer()
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var json = new FrozenLabelJson(options);
        foreach (var label in Labels())
        {
            using var expected = new MemoryStream();
            using (var writer = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true })) JsonSerializer.Serialize(writer, label, options);
            using var actual = new MemoryStream();
            using (var writer = new Utf8JsonWriter(actual, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true })) json.Write(writer, label);

            Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(actual.ToArray()));
        }
    }
}
