using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Web.Features.Labeling.Components;

namespace LabelStudio.ComponentTests.Labeling;

public sealed class LabelingScreenTests : BunitTestBase
{
    private const string NerText = "Ada Lovelace worked in London.";

    private const string SingleChoices = """
        <View>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single" required="true">
            <Choice value="Positive"/>
            <Choice value="Negative"/>
            <Choice value="Neutral"/>
          </Choices>
        </View>
        """;

    private const string MultipleChoices = """
        <View>
          <Text name="text" value="$text"/>
          <Choices name="topics" toName="text" choice="multiple">
            <Choice value="Price"/>
            <Choice value="Quality"/>
            <Choice value="Delivery"/>
          </Choices>
        </View>
        """;

    private const string Ner = """
        <View>
          <Labels name="label" toName="text">
            <Label value="PER" background="#e53935"/>
            <Label value="ORG"/>
            <Label value="LOC" hotkey="l"/>
          </Labels>
          <Text name="text" value="$text"/>
        </View>
        """;

    private const string Survey = """
        <View>
          <Header value="$title"/>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single-radio" required="true">
            <Choice value="Positive"/>
            <Choice value="Negative"/>
          </Choices>
          <Rating name="stars" toName="text" maxRating="5" required="true"/>
          <TextArea name="comment" toName="text" placeholder="Why?"/>
        </View>
        """;

    private List<ResultItem>? _changed;

    [Fact]
    public void Render_Config_ShowsHeaderTextAndControlsInDocumentOrder()
    {
        var cut = RenderScreen(Survey, new JsonObject { ["text"] = "Great phone.", ["title"] = "Review 7" });

        Assert.Equal("Review 7", cut.Find(".ls-header").TextContent.Trim());
        Assert.Equal("Great phone.", cut.Find("[data-testid=task-text]").TextContent);
        var order = cut.FindAll(".ls-header, [data-testid=task-text], .ls-choices, .ls-rating, .ls-textarea")
            .Select(e => new[] { "ls-header", "ls-text", "ls-choices", "ls-rating", "ls-textarea" }.First(e.ClassList.Contains))
            .ToList();
        Assert.Equal(["ls-header", "ls-text", "ls-choices", "ls-rating", "ls-textarea"], order);
        Assert.Equal("label-screen", cut.Find(".ls-screen").GetAttribute("data-testid"));
    }

    [Fact]
    public void Render_TaskId_IsOnTheRoot()
    {
        var cut = RenderScreen(SingleChoices, taskId: 42);

        Assert.Equal("42", cut.Find("[data-testid=label-screen]").GetAttribute("data-task-id"));
    }

    [Fact]
    public void SingleChoice_ClickingTwoOptions_KeepsOnlyTheLastSelected()
    {
        var cut = RenderScreen(SingleChoices);

        cut.Find("[data-testid=choice-Positive]").Click();
        cut.Find("[data-testid=choice-Negative]").Click();

        Assert.Equal(["Negative"], Checked(cut));
        var item = Assert.Single(_changed!);
        var json = JsonNode.Parse(JsonSerializer.Serialize(item))!.AsObject();
        Assert.Equal("sentiment", (string?)json["from_name"]);
        Assert.Equal("text", (string?)json["to_name"]);
        Assert.Equal("choices", (string?)json["type"]);
        Assert.Equal("""{"choices":["Negative"]}""", json["value"]!.ToJsonString());
        Assert.Matches("^[A-Za-z0-9_-]{10}$", (string?)json["id"]);
    }

    [Fact]
    public void SingleChoice_ClickingTheSelectedOption_ClearsIt()
    {
        var cut = RenderScreen(SingleChoices);

        cut.Find("[data-testid=choice-Neutral]").Click();
        cut.Find("[data-testid=choice-Neutral]").Click();

        Assert.Empty(Checked(cut));
        Assert.Empty(_changed!);
    }

    [Fact]
    public void SingleChoice_ChangingTheAnswer_KeepsTheRegionId()
    {
        var cut = RenderScreen(SingleChoices);
        cut.Find("[data-testid=choice-Positive]").Click();
        var firstId = Assert.Single(_changed!).Id;

        cut.Find("[data-testid=choice-Neutral]").Click();

        Assert.Equal(firstId, Assert.Single(_changed!).Id);
    }

    [Fact]
    public void MultipleChoices_SelectsSeveralInConfigOrder_AndTogglesOff()
    {
        var cut = RenderScreen(MultipleChoices);

        cut.Find("[data-testid=choice-Delivery]").Click();
        cut.Find("[data-testid=choice-Price]").Click();
        Assert.Equal("""{"choices":["Price","Delivery"]}""", Assert.Single(_changed!).Value.ToJsonString());
        Assert.All(cut.FindAll("[data-testid^=choice-]"), b => Assert.Equal("checkbox", b.GetAttribute("role")));

        cut.Find("[data-testid=choice-Price]").Click();
        Assert.Equal(["Delivery"], Checked(cut));
    }

    [Fact]
    public void SingleRadio_RendersRadios()
    {
        var cut = RenderScreen(Survey);

        Assert.Equal("radiogroup", cut.Find(".ls-choices").GetAttribute("role"));
        Assert.All(cut.FindAll(".ls-choices [data-testid^=choice-]"), b => Assert.Equal("radio", b.GetAttribute("role")));
    }

    [Fact]
    public async Task Hotkey_Digit2_SelectsTheSecondChoice()
    {
        var cut = RenderScreen(SingleChoices);

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("2"));

        Assert.Equal(["Negative"], Checked(cut));
        Assert.Equal(["1", "2", "3"], cut.FindAll(".ls-choice .ls-kbd").Select(k => k.TextContent));
    }

    [Fact]
    public async Task Hotkey_ExplicitAttribute_IsHonouredAndShown()
    {
        var cut = RenderScreen("""
            <View>
              <Text name="text" value="$text"/>
              <Choices name="answer" toName="text">
                <Choice value="Yes" hotkey="y"/>
                <Choice value="No" hotkey="n"/>
                <Choice value="Unsure"/>
              </Choices>
            </View>
            """);

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("Y"));
        Assert.Equal(["Yes"], Checked(cut));

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));
        Assert.Equal(["Unsure"], Checked(cut));
        Assert.Equal(["y", "n", "1"], cut.FindAll(".ls-choice .ls-kbd").Select(k => k.TextContent));
    }

    [Fact]
    public async Task Hotkey_UnboundKey_ChangesNothing()
    {
        var cut = RenderScreen(SingleChoices);

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("7"));

        Assert.Empty(Checked(cut));
        Assert.Null(_changed);
    }

    [Fact]
    public async Task Hotkeys_Disabled_IgnoresKeysAndHidesBadges()
    {
        var cut = RenderScreen(SingleChoices, enableHotkeys: false);

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));

        Assert.Empty(Checked(cut));
        Assert.Empty(cut.FindAll(".ls-kbd"));
    }

    [Fact]
    public async Task Render_AttachesTheKeyListenerWithTheBoundKeys_AndDetachesOnDispose()
    {
        var cut = RenderScreen(SingleChoices);

        var attach = Context.JSInterop.VerifyInvoke("labelStudio.labeling.attach");
        var options = JsonSerializer.Serialize(attach.Arguments[2]);
        Assert.Contains("\"keys\":[\"1\",\"2\",\"3\"]", options, StringComparison.Ordinal);

        await Context.DisposeComponentsAsync();
        Context.JSInterop.VerifyInvoke("labelStudio.labeling.detach");
    }

    [Fact]
    public async Task Shortcut_Submit_RaisesTheCallback()
    {
        var submitted = 0;
        var cut = Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, Parse(SingleChoices))
            .Add(x => x.Data, new JsonObject { ["text"] = "x" })
            .Add(x => x.OnSubmitShortcut, () => submitted++));

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("submit"));

        Assert.Equal(1, submitted);
    }

    [Fact]
    public async Task SpanSelection_ThenLabelHotkey_CreatesALabelsResult()
    {
        var cut = RenderScreen(Ner, new JsonObject { ["text"] = NerText });

        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 0, 12, true));
        Assert.Contains("Ada Lovelace", cut.Find("[data-testid=selection-hint]").TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));

        var item = Assert.Single(_changed!);
        Assert.Equal(("label", "text", "labels"), (item.FromName, item.ToName, item.Type));
        Assert.Equal("""{"start":0,"end":12,"text":"Ada Lovelace","labels":["PER"]}""", item.Value.ToJsonString());
        var region = cut.Find("[data-testid=task-text] .ls-region");
        Assert.Equal("Ada Lovelace", region.TextContent);
        Assert.Equal("PER", region.GetAttribute("data-label"));
        Assert.Contains("#e53935", region.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal(NerText, cut.Find("[data-testid=task-text]").TextContent);
        Context.JSInterop.VerifyInvoke("labelStudio.labeling.clearSelection");
    }

    [Fact]
    public async Task SpanSelection_TrailingSpace_IsTrimmed()
    {
        var cut = RenderScreen(Ner, new JsonObject { ["text"] = NerText });

        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 4, 13, false));
        cut.Find("[data-testid=label-ORG]").Click();

        Assert.Equal("""{"start":4,"end":12,"text":"Lovelace","labels":["ORG"]}""", Assert.Single(_changed!).Value.ToJsonString());
    }

    [Fact]
    public async Task ActiveLabel_ThenMouseSelection_CreatesTheSpanAtOnce()
    {
        var cut = RenderScreen(Ner, new JsonObject { ["text"] = NerText });

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("l"));
        Assert.Equal("true", cut.Find("[data-testid=label-LOC]").GetAttribute("aria-pressed"));
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 23, 29, false));

        Assert.Equal("""{"start":23,"end":29,"text":"London","labels":["LOC"]}""", Assert.Single(_changed!).Value.ToJsonString());
    }

    [Fact]
    public async Task KeyboardSelection_WithActiveLabel_WaitsForTheLabelKey()
    {
        var cut = RenderScreen(Ner, new JsonObject { ["text"] = NerText });
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("l"));

        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 23, 24, true));

        Assert.Null(_changed);
    }

    [Fact]
    public async Task Spans_AreListedAndCanBeDeleted()
    {
        var cut = RenderScreen(Ner, new JsonObject { ["text"] = NerText });
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 0, 12, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 23, 29, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("l"));
        Assert.Equal(2, cut.FindAll("[data-testid=span-list] li").Count);

        var ada = _changed!.First(r => r.Value["text"]!.GetValue<string>() == "Ada Lovelace").Id;
        cut.Find($"[data-testid=span-delete-{ada}]").Click();

        var remaining = Assert.Single(_changed!);
        Assert.Equal("London", remaining.Value["text"]!.GetValue<string>());
        Assert.Equal("London", cut.Find($"[data-testid=region-{remaining.Id}] .ls-span-text").TextContent);
        Assert.Equal("London", Assert.Single(cut.FindAll("[data-testid=task-text] .ls-region")).TextContent);
    }

    [Fact]
    public async Task OverlappingSpans_KeepTheTextIntact()
    {
        var cut = RenderScreen(Ner, new JsonObject { ["text"] = NerText });
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 0, 12, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 4, 19, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("2"));

        Assert.Equal(NerText, cut.Find("[data-testid=task-text]").TextContent);
        Assert.Equal("Lovelace", cut.Find(".ls-region-overlap").TextContent);
    }

    [Fact]
    public void Rating_ClickingTheFourthStar_GivesRating4()
    {
        var cut = RenderScreen(Survey);

        cut.Find("[data-testid=rating-4]").Click();

        var item = Assert.Single(_changed!);
        Assert.Equal(("stars", "rating"), (item.FromName, item.Type));
        Assert.Equal("""{"rating":4}""", item.Value.ToJsonString());
        Assert.Equal(4, cut.FindAll(".ls-star.ls-on").Count);
        Assert.Equal("true", cut.Find("[data-testid=rating-4]").GetAttribute("aria-checked"));
    }

    [Fact]
    public async Task Rating_DigitHotkeys_ApplyWhenNoChoiceUsesThem()
    {
        var cut = RenderScreen("""
            <View>
              <Text name="text" value="$text"/>
              <Rating name="quality" toName="text" maxRating="3"/>
            </View>
            """);

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("3"));

        Assert.Equal("""{"rating":3}""", Assert.Single(_changed!).Value.ToJsonString());
    }

    [Fact]
    public void TextArea_Typing_GivesATextResult_AndClearingRemovesIt()
    {
        var cut = RenderScreen(Survey);

        cut.Find("[data-testid=textarea-comment]").Input("Arrived late");
        var item = Assert.Single(_changed!);
        Assert.Equal(("comment", "textarea"), (item.FromName, item.Type));
        Assert.Equal("""{"text":["Arrived late"]}""", item.Value.ToJsonString());

        cut.Find("[data-testid=textarea-comment]").Input("");
        Assert.Empty(_changed!);
    }

    [Fact]
    public void Errors_KeyedByControl_AreShownNextToEachControl()
    {
        var cut = Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, Parse(Survey))
            .Add(x => x.Data, new JsonObject { ["text"] = "x" })
            .Add(x => x.Errors, new Dictionary<string, string[]>
            {
                ["sentiment"] = ["Sentiment is required."],
                ["stars"] = ["Stars is required."],
            }));

        Assert.Equal("Sentiment is required.", cut.Find("[data-testid=control-error-sentiment]").TextContent.Trim());
        Assert.Equal("Stars is required.", cut.Find("[data-testid=control-error-stars]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=control-error-comment]"));
        Assert.Contains("ls-invalid", cut.Find(".ls-choices").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnly_ShowsTheResultButAllowsNoChange()
    {
        var config = Parse(Ner);
        var existing = new List<ResultItem>
        {
            new("abcdefghij", "label", "text", "labels",
                new JsonObject { ["start"] = 23, ["end"] = 29, ["text"] = "London", ["labels"] = new JsonArray("LOC") }),
        };
        var cut = Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, config)
            .Add(x => x.Data, new JsonObject { ["text"] = NerText })
            .Add(x => x.Result, existing)
            .Add(x => x.ReadOnly, true)
            .Add(x => x.ResultChanged, r => _changed = r));

        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 0, 3, false));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));

        Assert.Null(_changed);
        Assert.Equal("London", cut.Find("[data-testid=task-text] .ls-region").TextContent);
        Assert.All(cut.FindAll(".ls-label-button"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Empty(cut.FindAll("[data-testid^=span-delete-]"));
        Assert.Empty(cut.FindAll(".ls-kbd"));
        Assert.Null(cut.Find("[data-testid=task-text]").GetAttribute("tabindex"));
    }

    [Fact]
    public void Image_RendersTheUrlFromData_AndRefusesScriptUrls()
    {
        const string xml = """
            <View>
              <Image name="img" value="$image"/>
              <Choices name="kind" toName="img"><Choice value="Cat"/><Choice value="Dog"/></Choices>
            </View>
            """;
        var cut = RenderScreen(xml, new JsonObject { ["image"] = "https://example.org/cat.png" });
        Assert.Equal("https://example.org/cat.png", cut.Find("[data-testid=task-image] img").GetAttribute("src"));

        var unsafeCut = RenderScreen(xml, new JsonObject { ["image"] = "javascript:alert(1)" });
        Assert.Empty(unsafeCut.FindAll("[data-testid=task-image] img"));
    }

    private IRenderedComponent<LabelingScreen> RenderScreen(string xml, JsonObject? data = null, long? taskId = null,
        bool enableHotkeys = true) =>
        Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, Parse(xml))
            .Add(x => x.Data, data ?? new JsonObject { ["text"] = "The battery lasts two days." })
            .Add(x => x.Result, [])
            .Add(x => x.ResultChanged, r => _changed = r)
            .Add(x => x.EnableHotkeys, enableHotkeys)
            .Add(x => x.TaskId, taskId));

    private static LabelingConfiguration Parse(string xml)
    {
        var parsed = LabelingConfigParser.Parse(xml);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        return parsed.Configuration!;
    }

    private static List<string> Checked(IRenderedComponent<LabelingScreen> cut) =>
        cut.FindAll("[data-testid^=choice-]").Where(b => b.GetAttribute("aria-checked") == "true")
            .Select(b => b.GetAttribute("data-testid")!["choice-".Length..]).ToList();
}
