using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Web.Features.Projects.Components;

namespace LabelStudio.ComponentTests.Projects;

public sealed class ConfigEditorTests : BunitTestBase
{
    [Fact]
    public void ConfigEditor_UnsupportedVideoTag_ListsErrorWithLineAndTag()
    {
        var editor = Render<ConfigEditor>(p => p.Add(e => e.Value, """<View><Video name="v" value="$v"/></View>"""));

        var errors = editor.Find("[data-testid=config-errors]");
        var videoError = errors.QuerySelectorAll("[data-testid=config-error]")
            .Single(li => li.TextContent.Contains("<Video>", StringComparison.Ordinal));
        Assert.Equal("1", videoError.GetAttribute("data-line"));
        Assert.Contains("Line 1", videoError.TextContent, StringComparison.Ordinal);
        Assert.Contains("not supported", videoError.TextContent, StringComparison.Ordinal);
        Assert.Empty(editor.FindAll("[data-testid=config-valid]"));
    }

    [Fact]
    public void ConfigEditor_ErrorOnThirdLine_ReportsLineThree()
    {
        const string xml = "<View>\n  <Text name=\"text\" value=\"$text\"/>\n  <Choices name=\"c\" toName=\"missing\"><Choice value=\"A\"/></Choices>\n</View>";

        var editor = Render<ConfigEditor>(p => p.Add(e => e.Value, xml));

        var lines = editor.FindAll("[data-testid=config-error]").Select(li => li.GetAttribute("data-line")).ToList();
        Assert.Contains("3", lines);
    }

    [Fact]
    public void ConfigEditor_ValidSample_ShowsPreviewAndNoErrors()
    {
        var editor = Render<ConfigEditor>(p => p.Add(e => e.Value, LabelingConfigSamples.TextClassification));

        Assert.Empty(editor.FindAll("[data-testid=config-errors]"));
        Assert.Contains("Valid", editor.Find("[data-testid=config-valid]").TextContent, StringComparison.Ordinal);
        var preview = editor.Find("[data-testid=config-preview]");
        Assert.NotNull(preview.QuerySelector("[data-testid=label-screen]"));
        Assert.Contains(SampleTask.SampleText, preview.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigPreview_ShowsTheSameHotkeyBadgesAsTheLabelingScreen()
    {
        var editor = Render<ConfigEditor>(p => p.Add(e => e.Value, LabelingConfigSamples.NamedEntityRecognition));

        var badges = editor.FindAll("[data-testid=config-preview] .ls-label-button .ls-kbd").Select(k => k.TextContent).ToList();

        Assert.Equal(["1", "2", "3"], badges);
    }

    [Fact]
    public void ConfigEditor_BrokenAfterValid_KeepsLastValidPreviewWithWarning()
    {
        var editor = Render<ConfigEditor>(p => p.Add(e => e.Value, LabelingConfigSamples.NamedEntityRecognition));

        editor.Render(p => p.Add(e => e.Value, "<View><Labels"));

        Assert.NotEmpty(editor.FindAll("[data-testid=config-errors]"));
        var preview = editor.Find("[data-testid=config-preview]");
        Assert.Contains("last valid configuration", preview.TextContent, StringComparison.Ordinal);
        Assert.NotNull(preview.QuerySelector("[data-testid=label-screen]"));
    }

    [Fact]
    public void ConfigErrorsList_NoErrors_RendersNothing()
    {
        var list = Render<ConfigErrorsList>(p => p.Add(e => e.Errors, Array.Empty<ConfigError>()));

        Assert.Empty(list.FindAll("[data-testid=config-errors]"));
    }
}
