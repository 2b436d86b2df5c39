using System.Text;
using System.Text.Json.Nodes;
using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Web.Features.Labeling.Components;

namespace LabelStudio.ComponentTests.Labeling;

public sealed class ConfigTreeViewTests : BunitTestBase
{
    [Fact]
    public void Render_DeepestAllowedConfiguration_NestsEveryViewAroundItsControls()
    {
        var depth = ConfigLimits.MaxDepth - 2;
        var xml = new StringBuilder();
        for (var i = 0; i < depth; i++) xml.Append($"<View style=\"--level:{i}\">");
        xml.Append("""<Header value="$title"/><Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="Yes"/><Choice value="No"/></Choices>""");
        for (var i = 0; i < depth; i++) xml.Append("</View>");
        var config = LabelingConfigParser.Parse(xml.ToString()).Configuration!;

        var cut = Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, config)
            .Add(x => x.Data, new JsonObject { ["text"] = "Deep text", ["title"] = "Deep title" })
            .Add(x => x.Result, new List<ResultItem>()));

        var innermost = cut.Find($"div.ls-view[style='--level:{depth - 1}']");
        Assert.Equal(depth, innermost.AncestorsAndSelf().Count(e => e.ClassList.Contains("ls-view")));
        Assert.Contains("Deep title", innermost.TextContent);
        Assert.Contains("Deep text", innermost.TextContent);
        Assert.NotNull(innermost.QuerySelector("[data-testid=choice-Yes]"));
        Assert.NotNull(innermost.QuerySelector("[data-testid=choice-No]"));
    }

    [Fact]
    public void Render_SiblingViews_KeepDocumentOrder()
    {
        var config = LabelingConfigParser.Parse("""
            <View>
              <View style="order:a"><Header value="First"/></View>
              <Text name="text" value="$text"/>
              <View style="order:b"><Header value="Second"/><View style="order:c"><Header value="Third"/></View></View>
              <Choices name="c" toName="text"><Choice value="Yes"/></Choices>
            </View>
            """).Configuration!;

        var cut = Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, config)
            .Add(x => x.Data, new JsonObject { ["text"] = "Body" })
            .Add(x => x.Result, new List<ResultItem>()));

        var headers = cut.FindAll(".ls-header").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["First", "Second", "Third"], headers);
        Assert.Equal("order:c", cut.FindAll(".ls-header").Last().ParentElement!.GetAttribute("style"));
    }
}

internal static class ElementExtensions
{
    public static IEnumerable<AngleSharp.Dom.IElement> AncestorsAndSelf(this AngleSharp.Dom.IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement) yield return e;
    }
}
