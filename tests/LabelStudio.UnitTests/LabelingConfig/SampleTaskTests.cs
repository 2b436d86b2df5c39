using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.UnitTests.LabelingConfig;

public sealed class SampleTaskTests
{
    [Fact]
    public void Text_fields_get_a_sentence_and_images_a_data_url()
    {
        var config = LabelingConfigParser.Parse("""
            <View>
              <Header value="$title"/>
              <Text name="t" value="$text"/>
              <Image name="i" value="$image"/>
              <TextArea name="a" toName="t"/>
            </View>
            """).Configuration!;
        var data = SampleTask.For(config);
        Assert.Equal(SampleTask.SampleText, (string?)data["text"]);
        Assert.StartsWith("data:image/svg+xml", (string?)data["image"]);
        Assert.Equal("Sample title", (string?)data["title"]);
        Assert.Equal(3, data.Count);
    }

    [Fact]
    public void Nested_fields_are_built_as_objects()
    {
        var config = LabelingConfigParser.Parse("""<View><Text name="t" value="$doc.body"/><TextArea name="a" toName="t"/></View>""").Configuration!;
        var data = SampleTask.For(config);
        Assert.True(DataFieldPath.TryResolve(data, "doc.body", out var value));
        Assert.Equal(SampleTask.SampleText, (string?)value);
    }

    [Fact]
    public void Data_field_path_resolves_keys_paths_and_indexes()
    {
        var data = System.Text.Json.Nodes.JsonNode.Parse("""{"a.b":1,"x":{"y":[{"z":"deep"}]}}""")!.AsObject();
        Assert.True(DataFieldPath.TryResolve(data, "a.b", out var literal));
        Assert.Equal(1, (int?)literal);
        Assert.True(DataFieldPath.TryResolve(data, "x.y[0].z", out var deep));
        Assert.Equal("deep", (string?)deep);
        Assert.False(DataFieldPath.TryResolve(data, "x.y[1].z", out _));
        Assert.False(DataFieldPath.TryResolve(data, "nope", out _));
        Assert.Equal("x", DataFieldPath.RootKey("x.y[0]"));
        Assert.Equal("pages", DataFieldPath.RootKey("pages[2]"));
    }
}
