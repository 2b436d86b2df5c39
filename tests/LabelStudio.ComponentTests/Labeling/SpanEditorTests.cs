using System.Text.Json.Nodes;
using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Web.Features.Labeling.Components;

namespace LabelStudio.ComponentTests.Labeling;

/// <summary>The NER editor: regions are selected, relabelled, deleted, undone and redone as in Label Studio.</summary>
public sealed class SpanEditorTests : BunitTestBase
{
    private const string Text = "Ada Lovelace met Charles Babbage at the University of Oxford.";

    private const string Ner = """
        <View>
          <Labels name="label" toName="text">
            <Label value="PER"/><Label value="ORG"/><Label value="LOC" hotkey="l"/>
          </Labels>
          <Text name="text" value="$text"/>
        </View>
        """;

    private List<ResultItem>? _changed;
    private IReadOnlyCollection<string>? _noEntities;

    private IRenderedComponent<LabelingScreen> RenderScreen(string xml = Ner, string text = Text, List<ResultItem>? result = null) =>
        Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, Parse(xml))
            .Add(x => x.Data, new JsonObject { ["text"] = text })
            .Add(x => x.Result, result ?? [])
            .Add(x => x.ResultChanged, r => _changed = r)
            .Add(x => x.NoEntitiesChanged, n => _noEntities = n));

    private static LabelingConfiguration Parse(string xml) => LabelingConfigParser.Parse(xml).Configuration!;

    private static (int Start, int End) Find(string part, string text = Text)
    {
        var start = text.IndexOf(part, StringComparison.Ordinal);
        return (start, start + part.Length);
    }

    private static async Task MarkAsync(IRenderedComponent<LabelingScreen> cut, string part, string key, string text = Text)
    {
        var (start, end) = Find(part, text);
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", start, end, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey(key));
    }

    private static List<(string Text, string Labels)> Spans(IEnumerable<ResultItem>? result) =>
        (result ?? []).Select(r => (r.Value["text"]!.GetValue<string>(),
            string.Join("+", r.Value["labels"]!.AsArray().Select(l => l!.GetValue<string>())))).ToList();

    [Fact]
    public async Task ClickOnARegion_SelectsIt_AndALabelKeyChangesItsLabel()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "Charles Babbage", "2");

        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", Find("Babbage").Start));
        Assert.NotNull(cut.Instance.SelectedRegion);
        Assert.Contains("ls-region-selected", cut.Find(".ls-region").ClassName, StringComparison.Ordinal);
        Assert.Contains("Charles Babbage", cut.Find("[data-testid=selection-hint]").TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));

        Assert.Equal([("Charles Babbage", "PER")], Spans(_changed));
        Assert.Equal("true", cut.Find("[data-testid=label-PER]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task ClickTwiceOnNestedRegions_SelectsTheInnerThenTheOuter_AndOutsideDeselects()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "University of Oxford", "2");
        await MarkAsync(cut, "Oxford", "l");
        var oxford = Find("Oxford").Start + 2;

        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", oxford));
        var inner = cut.Instance.SelectedRegion;
        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", oxford));
        var outer = cut.Instance.SelectedRegion;
        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", 1 + Find(" met").Start));

        Assert.Equal("Oxford", _changed!.Single(r => r.Id == inner).Value["text"]!.GetValue<string>());
        Assert.Equal("University of Oxford", _changed!.Single(r => r.Id == outer).Value["text"]!.GetValue<string>());
        Assert.Null(cut.Instance.SelectedRegion);
    }

    [Fact]
    public async Task TabIndex_WalksTheRegionsInReadingOrder()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "Charles Babbage", "1");
        await MarkAsync(cut, "Ada Lovelace", "1");
        var textElement = cut.Find("[data-testid=task-text]");
        Assert.Equal("2", textElement.GetAttribute("data-region-count"));
        Assert.Equal("-1", textElement.GetAttribute("data-selected-index"));

        await cut.InvokeAsync(() => cut.Instance.OnRegionIndex("text", 0));

        Assert.Equal("Ada Lovelace", _changed!.Single(r => r.Id == cut.Instance.SelectedRegion).Value["text"]!.GetValue<string>());
        Assert.Equal("0", cut.Find("[data-testid=task-text]").GetAttribute("data-selected-index"));
        Context.JSInterop.VerifyInvoke("labelStudio.labeling.showRegion");
    }

    [Fact]
    public async Task DeleteShortcut_RemovesTheSelectedRegion_UndoBringsItBack_RedoRemovesItAgain()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "Ada Lovelace", "1");
        await MarkAsync(cut, "Charles Babbage", "1");
        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", 1));

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("delete"));
        Assert.Equal([("Charles Babbage", "PER")], Spans(_changed));
        Assert.Null(cut.Instance.SelectedRegion);

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("undo"));
        Assert.Equal(["Ada Lovelace", "Charles Babbage"], Spans(_changed).Select(s => s.Text).Order());
        await cut.InvokeAsync(() => cut.Instance.OnShortcut("undo"));
        Assert.Equal([("Ada Lovelace", "PER")], Spans(_changed));

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("redo"));
        await cut.InvokeAsync(() => cut.Instance.OnShortcut("redo"));
        Assert.Equal([("Charles Babbage", "PER")], Spans(_changed));
        Assert.False(cut.Instance.CanRedo);
        cut.Find("[data-testid=undo]").Click();
        Assert.Equal(2, _changed!.Count);
    }

    [Fact]
    public async Task RegionList_GroupsByLabel_AndAnEntrySelectsItsRegion()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "Ada Lovelace", "1");
        await MarkAsync(cut, "Charles Babbage", "1");
        await MarkAsync(cut, "University of Oxford", "2");

        Assert.Equal(2, cut.FindAll("[data-testid=region-group-PER] li").Count);
        Assert.Single(cut.FindAll("[data-testid=region-group-ORG] li"));
        Assert.Empty(cut.FindAll("[data-testid=region-group-LOC]"));
        var babbage = _changed!.Single(r => r.Value["text"]!.GetValue<string>() == "Charles Babbage").Id;

        cut.Find($"[data-testid=region-{babbage}] .ls-span-pick").Click();

        Assert.Equal(babbage, cut.Instance.SelectedRegion);
        Assert.Equal("true", cut.Find($"[data-testid=region-{babbage}] .ls-span-pick").GetAttribute("aria-pressed"));
        Assert.Contains(Context.JSInterop.Invocations, i => i.Identifier == "labelStudio.labeling.showRegion" && Equals(i.Arguments[1], babbage));
    }

    [Fact]
    public async Task OverlappingRegions_AreAllVisible()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "University of Oxford", "2");
        await MarkAsync(cut, "Oxford", "l");

        var segment = cut.Find("[data-regions*=' ']");
        Assert.Equal("Oxford", segment.TextContent);
        var style = segment.GetAttribute("style")!;
        Assert.Equal(2, style.Split("0 0 #", StringSplitOptions.None).Length - 1); // one underline per region
        Assert.Equal("LOC · ORG", segment.GetAttribute("data-label"));
    }

    [Fact]
    public async Task ChoiceMultiple_LetsOneRegionCarrySeveralLabels()
    {
        var cut = RenderScreen(Ner.Replace("<Labels name=\"label\" toName=\"text\">", "<Labels name=\"label\" toName=\"text\" choice=\"multiple\">"));
        await MarkAsync(cut, "University of Oxford", "2");
        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", Find("University").Start));

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("l"));
        Assert.Equal([("University of Oxford", "ORG+LOC")], Spans(_changed));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("2"));
        Assert.Equal([("University of Oxford", "LOC")], Spans(_changed));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("l"));
        Assert.Equal([("University of Oxford", "LOC")], Spans(_changed)); // the last label stays
    }

    [Fact]
    public async Task SingleLabelControl_ReplacesTheLabelInsteadOfAddingOne()
    {
        var cut = RenderScreen();
        await MarkAsync(cut, "University of Oxford", "2");
        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", Find("University").Start));

        await cut.InvokeAsync(() => cut.Instance.OnHotkey("l"));

        Assert.Equal([("University of Oxford", "LOC")], Spans(_changed));
    }

    [Fact]
    public async Task MaxUsages_RefusesTheLabelBeyondItsLimitWithANotice()
    {
        var cut = RenderScreen(Ner.Replace("<Label value=\"PER\"/>", "<Label value=\"PER\" maxUsages=\"1\"/>"));
        await MarkAsync(cut, "Ada Lovelace", "1");

        await MarkAsync(cut, "Charles Babbage", "1");

        Assert.Equal([("Ada Lovelace", "PER")], Spans(_changed));
        Assert.Contains("at most 1 time", cut.Find("[data-testid=control-error-label]").TextContent, StringComparison.Ordinal);
        Assert.Contains("1/1", cut.Find("[data-testid=label-PER]").TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("2"));
        Assert.Equal(2, _changed!.Count); // the selection is still there for another label
    }

    [Fact]
    public async Task WordGranularity_SnapsASelectionToWholeWords()
    {
        var cut = RenderScreen(Ner.Replace("<Text name=\"text\" value=\"$text\"/>", "<Text name=\"text\" value=\"$text\" granularity=\"word\"/>"));

        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", Find("velace").Start, Find("Charl").End, false));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));

        Assert.Equal([("Lovelace met Charles", "PER")], Spans(_changed));
    }

    [Fact]
    public async Task Selection_NeverCutsAnEmojiOrACombiningAccent()
    {
        const string text = "Zoe\u0308 waved 👋\U0001F3FD at 𠮷野家.";
        var cut = RenderScreen(text: text);

        // Offsets that fall inside a grapheme widen to include all of it.
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", 0, 3, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));
        var wave = text.IndexOf("👋", StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Instance.OnTextSelection("text", wave + 1, wave + 2, true));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("2"));

        Assert.Equal([("Zoe\u0308", "PER"), ("👋\U0001F3FD", "ORG")], Spans(_changed));
        Assert.Empty(AnnotationValidator.Validate(Parse(Ner), _changed!, new JsonObject { ["text"] = text }));
    }

    [Fact]
    public async Task NoEntities_IsAnAnswer_AndMarkingASpanTakesItBack()
    {
        var cut = RenderScreen();

        cut.Find("[data-testid=no-entities-label]").Click();
        Assert.Equal(["label"], _noEntities);
        Assert.Equal("true", cut.Find("[data-testid=no-entities-label]").GetAttribute("aria-pressed"));
        Assert.Contains("no entities", cut.Find("[data-testid=regions-empty]").TextContent, StringComparison.OrdinalIgnoreCase);

        await MarkAsync(cut, "Ada Lovelace", "1");
        Assert.Empty(_noEntities!);
        Assert.True(cut.Find("[data-testid=no-entities-label]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("undo"));
        Assert.Equal(["label"], _noEntities);
        Assert.Empty(_changed!);
    }

    [Fact]
    public async Task SuggestedRegion_IsShownAsSuggested_AndRelabellingMarksItChanged()
    {
        var (start, end) = Find("Charles Babbage");
        var suggestion = new ResultItem("pred000001", "label", "text", "labels",
            new JsonObject { ["start"] = start, ["end"] = end, ["text"] = "Charles Babbage", ["labels"] = new JsonArray("ORG") })
        { Origin = "prediction" };
        var cut = RenderScreen(result: [suggestion]);
        Assert.Contains("ls-region-suggested", cut.Find(".ls-region").ClassName, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll(".ls-span-suggested"));

        await cut.InvokeAsync(() => cut.Instance.OnTextClick("text", start));
        await cut.InvokeAsync(() => cut.Instance.OnHotkey("1"));

        var item = Assert.Single(_changed!);
        Assert.Equal("prediction-changed", item.Origin);
        Assert.Equal([("Charles Babbage", "PER")], Spans(_changed));
    }

    [Fact]
    public async Task QuestionMark_ShowsTheShortcuts_AndEscapeClosesThem()
    {
        var cut = RenderScreen();

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("help"));
        var dialog = cut.Find("[data-testid=shortcuts-dialog]");
        Assert.Contains("Label LOC", dialog.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ctrl+Z", dialog.TextContent, StringComparison.Ordinal);
        Assert.Contains("Select the next or previous region", dialog.TextContent, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("escape"));
        Assert.Empty(cut.FindAll("[data-testid=shortcuts-dialog]"));
    }

    [Fact]
    public void ComposeMode_SeededWithChosenSpans_EditsThemWithoutTheRaterOnlyParts()
    {
        var (start, end) = Find("Ada Lovelace");
        var seed = new List<ResultItem>
        {
            new("r1", "label", "text", "labels", new JsonObject { ["start"] = start, ["end"] = end, ["text"] = "Ada Lovelace", ["labels"] = new JsonArray("PER") }),
        };
        var cut = Render<LabelingScreen>(p => p
            .Add(x => x.Configuration, Parse(Ner))
            .Add(x => x.Data, new JsonObject { ["text"] = Text })
            .Add(x => x.Result, seed)
            .Add(x => x.ResultChanged, r => _changed = r)
            .Add(x => x.EnableHotkeys, false)
            .Add(x => x.ShowNoEntities, false));
        var control = Parse(Ner).Controls.OfType<LabelsControl>().Single();

        cut.InvokeAsync(() => cut.Instance.AddSpanAsync(control, Find("Charles Babbage").Start, Find("Charles Babbage").End, ["ORG"]));
        cut.InvokeAsync(() => cut.Instance.AddSpanAsync(control, Find("Charles Babbage").Start, Find("Charles Babbage").End, ["PER"]));

        Assert.Empty(cut.FindAll("[data-testid^=no-entities-]"));
        Assert.Empty(cut.FindAll(".ls-kbd"));
        Assert.Equal([("Ada Lovelace", "PER"), ("Charles Babbage", "PER")], Spans(_changed));
    }
}
