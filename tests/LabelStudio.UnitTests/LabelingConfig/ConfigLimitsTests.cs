using System.Text;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.UnitTests.LabelingConfig;

public sealed class ConfigLimitsTests
{
    private const string Body = """<Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="A"/></Choices>""";

    private static string Nested(int depth, string inner = Body)
    {
        var xml = new StringBuilder();
        for (var i = 0; i < depth; i++) xml.Append("<View>\n");
        xml.Append(inner);
        for (var i = 0; i < depth; i++) xml.Append("</View>");
        return xml.ToString();
    }

    [Fact]
    public void Parse_TwentyThousandNestedViews_RefusedWithDepthAndLine()
    {
        var xml = Nested(20_000);
        Assert.InRange(xml.Length, 150_000, 300_000);

        var result = LabelingConfigParser.Parse(xml);

        Assert.True(result.ExceedsLimits);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigLimits.MaxDepth + 1, error.Line);
        Assert.Equal("View", error.Tag);
        Assert.Contains($"at most {ConfigLimits.MaxDepth} levels", error.Message);
    }

    [Fact]
    public void Parse_NestedToTheLimit_BuildsTheWholeTree()
    {
        // The Choice inside the Choices sits two levels below the innermost View.
        var config = LabelingConfigParser.Parse(Nested(ConfigLimits.MaxDepth - 2)).Configuration!;

        var depth = 1;
        var view = config.Root;
        while (view.Children is [ViewNode inner])
        {
            view = inner;
            depth++;
        }
        Assert.Equal(ConfigLimits.MaxDepth - 2, depth);
        Assert.Equal(["text"], config.RequiredDataFields);
    }

    [Fact]
    public void Parse_OneLevelTooDeep_Refused()
    {
        var result = LabelingConfigParser.Parse(Nested(ConfigLimits.MaxDepth));
        Assert.True(result.ExceedsLimits);
        Assert.Contains("Tags are nested more than", result.Errors.Single().Message);
    }

    [Fact]
    public void Parse_BillionLaughs_RefusedAsDtd()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <View><Header value="&lol3;"/><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A"/></Choices></View>
            """;

        var result = LabelingConfigParser.Parse(xml);

        Assert.True(result.ExceedsLimits);
        Assert.Contains("DTD", result.Errors.Single().Message);
    }

    [Fact]
    public void Parse_ExternalEntity_RefusedAsDtd()
    {
        const string xml = """<!DOCTYPE View [<!ENTITY x SYSTEM "file:///etc/passwd">]><View><Header value="&x;"/></View>""";
        var result = LabelingConfigParser.Parse(xml);
        Assert.True(result.ExceedsLimits);
        Assert.DoesNotContain("root:", string.Join(" ", result.Errors));
    }

    [Fact]
    public void Parse_TooManyTags_RefusedWithCount()
    {
        var choices = string.Concat(Enumerable.Range(0, ConfigLimits.MaxElements).Select(i => $"<Choice value=\"c{i}\"/>"));
        var xml = $"""<View><Text name="t" value="$t"/><Choices name="c" toName="t">{choices}</Choices></View>""";

        var result = LabelingConfigParser.Parse(xml);

        Assert.True(result.ExceedsLimits);
        Assert.Contains($"more than {ConfigLimits.MaxElements:N0} tags", result.Errors.Single().Message);
    }

    [Fact]
    public void Parse_HugeAttribute_RefusedWithName()
    {
        var xml = $"""<View style="{new string('a', ConfigLimits.MaxAttributeLength + 1)}">{Body}</View>""";
        var error = LabelingConfigParser.Parse(xml).Errors.Single();
        Assert.Contains("The attribute style is", error.Message);
    }

    [Fact]
    public void Parse_TooLong_RefusedBeforeReading()
    {
        var xml = $"<View>{Body}<!--{new string('x', ConfigLimits.MaxCharacters)}--></View>";
        var result = LabelingConfigParser.Parse(xml);
        Assert.True(result.ExceedsLimits);
        Assert.Contains("characters long", result.Errors.Single().Message);
    }

    [Fact]
    public void Parse_OrdinaryMistake_IsNotALimit()
    {
        var result = LabelingConfigParser.Parse("<View><Video name=\"v\"/></View>");
        Assert.False(result.Succeeded);
        Assert.False(result.ExceedsLimits);
    }

    [Fact]
    public void SampleTask_HeadersDeepInTheTree_AreFilledInDocumentOrder()
    {
        var inner = """<Header value="$title"/><View><Header value="$sub.title"/></View>""" + Body;
        var config = LabelingConfigParser.Parse(Nested(ConfigLimits.MaxDepth - 2, inner)).Configuration!;

        var data = SampleTask.For(config);

        Assert.Equal("Sample title", (string?)data["title"]);
        Assert.Equal("Sample title", (string?)data["sub"]!["title"]);
    }
}
