using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;

namespace LabelStudio.UnitTests.Results;

public sealed class ResultJsonTests
{
    [Fact]
    public void Serialize_writes_label_studio_shape()
    {
        var items = new List<ResultItem>
        {
            new("aB3xY9kLmQ", "sentiment", "text", "choices", new JsonObject { ["choices"] = new JsonArray("Positive") }),
            new("m5mT_EogLY", "label", "text", "labels", JsonNode.Parse("""{"start":0,"end":3,"text":"Ada","labels":["PER"]}""")!.AsObject())
            {
                Origin = "prediction",
            },
        };
        var json = ResultJson.Serialize(items);
        Assert.Equal(
            """[{"id":"aB3xY9kLmQ","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]},"origin":"manual"},"""
            + """{"id":"m5mT_EogLY","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":3,"text":"Ada","labels":["PER"]},"origin":"prediction"}]""",
            json);
    }

    [Fact]
    public void Parse_round_trips_and_keeps_extra_keys()
    {
        const string json = """[{"id":"x1","from_name":"box","to_name":"img","type":"choices","value":{"choices":["Ä"]},"origin":"prediction","score":0.9,"original_width":640}]""";
        var items = ResultJson.Parse(json);
        var item = Assert.Single(items);
        Assert.Equal("x1", item.Id);
        Assert.Equal("box", item.FromName);
        Assert.Equal("img", item.ToName);
        Assert.Equal("choices", item.Type);
        Assert.Equal("prediction", item.Origin);
        Assert.Equal("Ä", (string?)item.Value["choices"]![0]);
        Assert.Equal(640, (int?)item.Extra!["original_width"]);
        Assert.Equal(json, ResultJson.Serialize(items));
    }

    [Fact]
    public void Parse_fills_missing_id_and_origin()
    {
        var item = ResultJson.Parse("""[{"from_name":"r","to_name":"t","type":"rating","value":{"rating":3}}]""").Single();
        Assert.Equal(10, item.Id.Length);
        Assert.Equal("manual", item.Origin);
        Assert.Null(item.Extra);
    }

    [Theory]
    [InlineData("{}", "array")]
    [InlineData("[1]", "result[0]")]
    [InlineData("""[{"to_name":"t","type":"x","value":{}}]""", "result[0].from_name")]
    [InlineData("""[{"from_name":"a","to_name":"t","type":"x","value":[]}]""", "result[0].value")]
    [InlineData("""[{"from_name":5,"to_name":"t","type":"x","value":{}}]""", "result[0].from_name")]
    [InlineData("[", "not valid JSON")]
    public void Parse_rejects_malformed_results(string json, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => ResultJson.Parse(json));
        Assert.Contains(fragment, ex.Message);
        Assert.False(ResultJson.TryParse(json, out var result, out var error));
        Assert.Empty(result);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void Empty_result_round_trips()
    {
        Assert.Equal("[]", ResultJson.Serialize([]));
        Assert.Empty(ResultJson.Parse("[]"));
    }

    [Fact]
    public void System_text_json_uses_the_same_names()
    {
        var item = new ResultItem("id1", "a", "b", "rating", new JsonObject { ["rating"] = 2 });
        var json = JsonSerializer.Serialize(item);
        Assert.Contains("\"from_name\":\"a\"", json);
        Assert.Contains("\"origin\":\"manual\"", json);
        var back = JsonSerializer.Deserialize<ResultItem>("""{"id":"i","from_name":"a","to_name":"b","type":"rating","value":{"rating":2},"score":1}""")!;
        Assert.Equal("a", back.FromName);
        Assert.Equal(1, (int?)back.Extra!["score"]);
    }

    private static readonly string WithExtras =
        """[{"id":"x1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Ä"]},"origin":"manual",""" +
        """ "meta":{"text":["checked"]},"image_rotation":0,"score":0.9,"readonly":false}]""".TrimStart();

    public static TheoryData<string, JsonSerializerOptions> SerializerOptions() => new()
    {
        { "default", new JsonSerializerOptions() },
        { "web", new JsonSerializerOptions(JsonSerializerDefaults.Web) },
        { "relaxed", new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping } },
        { "indented", new JsonSerializerOptions { WriteIndented = true } },
    };

    [Theory]
    [MemberData(nameof(SerializerOptions))]
    public void System_text_json_writes_extra_keys_beside_the_known_ones(string name, JsonSerializerOptions options)
    {
        var items = ResultJson.Parse(WithExtras);

        var json = JsonSerializer.Serialize(items, options);

        using var doc = JsonDocument.Parse(json);
        var region = doc.RootElement[0];
        Assert.Equal(
            ["id", "from_name", "to_name", "type", "value", "origin", "meta", "image_rotation", "score", "readonly"],
            region.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("checked", region.GetProperty("meta").GetProperty("text")[0].GetString());
        Assert.Equal(0.9, region.GetProperty("score").GetDouble());
        Assert.False(region.GetProperty("readonly").GetBoolean());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(WithExtras), JsonNode.Parse(json)), name);
    }

    [Fact]
    public void System_text_json_round_trips_extra_keys_unchanged()
    {
        var back = JsonSerializer.Deserialize<List<ResultItem>>(WithExtras)!;

        Assert.Equal(WithExtras, ResultJson.Serialize(back));
        Assert.Equal(ResultJson.Serialize(back), JsonSerializer.Serialize(back, new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    [Fact]
    public void An_extra_key_repeating_a_known_one_is_written_once()
    {
        var item = new ResultItem("id1", "a", "b", "rating", new JsonObject { ["rating"] = 2 })
        {
            Origin = "prediction",
            Extra = new JsonObject { ["origin"] = "manual", ["id"] = "other", ["score"] = 0.5 },
        };

        var json = JsonSerializer.Serialize(item);

        Assert.Equal("""{"id":"id1","from_name":"a","to_name":"b","type":"rating","value":{"rating":2},"origin":"prediction","score":0.5}""", json);
        Assert.Equal(json, ResultJson.Serialize([item])[1..^1]);
    }

    [Theory]
    [InlineData("""{"to_name":"t","type":"x","value":{}}""", "from_name is missing")]
    [InlineData("""{"from_name":"a","to_name":"t","type":"x","value":[]}""", "value must be a JSON object")]
    [InlineData("""{"from_name":5,"to_name":"t","type":"x","value":{}}""", "from_name must be a string")]
    [InlineData("[]", "must be a JSON object")]
    public void System_text_json_rejects_a_malformed_region_with_a_json_error(string json, string fragment)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ResultItem>(json));
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void System_text_json_gives_a_region_without_id_a_new_one()
    {
        var item = JsonSerializer.Deserialize<ResultItem>("""{"from_name":"r","to_name":"t","type":"rating","value":{"rating":3}}""")!;
        Assert.Equal(10, item.Id.Length);
        Assert.Equal("manual", item.Origin);
    }

    [Fact]
    public void Ids_look_like_label_studio_ids()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => ResultIds.New()).ToList();
        Assert.All(ids, id =>
        {
            Assert.Equal(10, id.Length);
            Assert.All(id, c => Assert.Contains(c, ResultIds.Alphabet));
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
