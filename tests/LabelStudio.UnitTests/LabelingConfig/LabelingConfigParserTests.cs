using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.UnitTests.LabelingConfig;

public sealed class LabelingConfigParserTests
{
    private static LabelingConfiguration ParseOk(string xml)
    {
        var result = LabelingConfigParser.Parse(xml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Configuration!;
    }

    private static ConfigError SingleError(string xml)
    {
        var result = LabelingConfigParser.Parse(xml);
        Assert.False(result.Succeeded);
        Assert.Null(result.Configuration);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parses_text_classification_with_every_choice_attribute()
    {
        var config = ParseOk("""
            <View style="display: flex">
              <Header value="Pick one"/>
              <Text name="text" value="$text"/>
              <Choices name="sentiment" toName="text" choice="multiple" required="true">
                <Choice value="Positive" hotkey="p" alias="pos"/>
                <Choice value="Negative"/>
              </Choices>
            </View>
            """);

        Assert.Equal("display: flex", config.Root.Style);
        Assert.Equal(1, config.Root.Line);
        Assert.Collection(config.Root.Children,
            n => Assert.Equal(new HeaderNode(2, "Pick one"), n),
            n => Assert.Equal(new TextObject(3, "text", "text"), n),
            n =>
            {
                var choices = Assert.IsType<ChoicesControl>(n);
                Assert.Equal(4, choices.Line);
                Assert.Equal("sentiment", choices.Name);
                Assert.Equal("text", choices.ToName);
                Assert.True(choices.Required);
                Assert.Equal(ChoiceMode.Multiple, choices.Mode);
                Assert.Equal("choices", choices.ResultType);
                Assert.Equal(["Positive", "Negative"], choices.Options.Select(o => o.Value));
                Assert.Equal("p", choices.Options[0].Hotkey);
                Assert.Null(choices.Options[1].Hotkey);
            });
        Assert.Equal(["text"], config.RequiredDataFields);
        Assert.Single(config.Objects);
        Assert.Same(config.Controls[0], config.FindControl("sentiment"));
        Assert.Same(config.Objects[0], config.FindObject("text"));
    }

    [Theory]
    [InlineData(null, ChoiceMode.Single)]
    [InlineData("single", ChoiceMode.Single)]
    [InlineData("single-radio", ChoiceMode.SingleRadio)]
    [InlineData("multiple", ChoiceMode.Multiple)]
    public void Choice_mode_defaults_to_single(string? attribute, ChoiceMode expected)
    {
        var choiceAttr = attribute is null ? "" : $" choice=\"{attribute}\"";
        var config = ParseOk($"""<View><Text name="t" value="$t"/><Choices name="c" toName="t"{choiceAttr}><Choice value="A"/></Choices></View>""");
        var choices = Assert.IsType<ChoicesControl>(config.Controls.Single());
        Assert.Equal(expected, choices.Mode);
        Assert.False(choices.Required);
    }

    [Fact]
    public void Parses_labels_on_text_in_any_order()
    {
        var config = ParseOk("""
            <View>
              <Labels name="label" toName="text">
                <Label value="PER" hotkey="p" background="red"/>
                <Label value="LOC"/>
              </Labels>
              <Text name="text" value="$text"/>
            </View>
            """);
        var labels = Assert.IsType<LabelsControl>(config.Controls.Single());
        Assert.Equal(2, labels.Line);
        Assert.Equal("labels", labels.ResultType);
        Assert.Equal(new LabelOption("PER", "p", "red"), labels.Labels[0]);
        Assert.Equal("LOC", labels.Labels[1].Value);
        Assert.Null(labels.Labels[1].Background);
        Assert.Equal(new TextObject(6, "text", "text"), config.Objects.Single());
    }

    [Fact]
    public void Parses_image_rating_and_textarea()
    {
        var config = ParseOk("""
            <View>
              <Image name="img" value="$image"/>
              <Rating name="quality" toName="img" maxRating="10" required="true"/>
              <Rating name="stars" toName="img"/>
              <TextArea name="notes" toName="img" placeholder="Anything odd?" required="false"/>
            </View>
            """);
        Assert.Equal(new ImageObject(2, "img", "image"), config.Objects.Single());
        Assert.Equal(new RatingControl(3, "quality", "img", true, 10), config.Controls[0]);
        Assert.Equal(new RatingControl(4, "stars", "img", false, 5), config.Controls[1]);
        Assert.Equal(new TextAreaControl(5, "notes", "img", false, "Anything odd?"), config.Controls[2]);
        Assert.Equal("rating", config.Controls[0].ResultType);
        Assert.Equal("textarea", config.Controls[2].ResultType);
    }

    [Fact]
    public void Nested_views_keep_tree_and_document_order()
    {
        var config = ParseOk("""
            <View>
              <View style="float:left">
                <Header value="$title"/>
                <Text name="a" value="$first"/>
              </View>
              <View>
                <Text name="b" value="$second"/>
                <Choices name="c" toName="b"><Choice value="X"/></Choices>
              </View>
            </View>
            """);
        var left = Assert.IsType<ViewNode>(config.Root.Children[0]);
        Assert.Equal("float:left", left.Style);
        Assert.Equal(new HeaderNode(3, "$title"), left.Children[0]);
        var right = Assert.IsType<ViewNode>(config.Root.Children[1]);
        Assert.Null(right.Style);
        Assert.Equal(2, right.Children.Count);
        Assert.Equal(["first", "second"], config.RequiredDataFields);
    }

    [Fact]
    public void Same_data_field_is_required_once()
    {
        var config = ParseOk("""<View><Text name="a" value="$text"/><Text name="b" value="$text"/><TextArea name="c" toName="a"/></View>""");
        Assert.Equal(["text"], config.RequiredDataFields);
    }

    [Fact]
    public void Samples_parse()
    {
        var classification = ParseOk(LabelingConfigSamples.TextClassification);
        var choices = Assert.IsType<ChoicesControl>(classification.Controls.Single());
        Assert.Equal(["Positive", "Negative", "Neutral"], choices.Options.Select(o => o.Value));
        Assert.True(choices.Required);

        var ner = ParseOk(LabelingConfigSamples.NamedEntityRecognition);
        var labels = Assert.IsType<LabelsControl>(ner.Controls.Single());
        Assert.Equal(["PER", "ORG", "LOC"], labels.Labels.Select(l => l.Value));
        Assert.Equal(2, LabelingConfigSamples.All.Count);
    }

    // ---- hotkeys ----

    [Fact]
    public void Default_hotkeys_are_digits_in_document_order_across_the_config()
    {
        var config = ParseOk("""
            <View>
              <Text name="t" value="$t"/>
              <Choices name="c" toName="t"><Choice value="A"/><Choice value="B"/></Choices>
              <Labels name="l" toName="t"><Label value="X"/><Label value="Y"/></Labels>
            </View>
            """);
        var choices = (ChoicesControl)config.Controls[0];
        var labels = (LabelsControl)config.Controls[1];
        Assert.Equal(["1", "2"], choices.Options.Select(o => o.EffectiveHotkey));
        Assert.Equal(["3", "4"], labels.Labels.Select(o => o.EffectiveHotkey));
        Assert.All(choices.Options, o => Assert.Null(o.Hotkey));
    }

    [Fact]
    public void Default_hotkeys_skip_explicit_ones_even_later_in_the_document()
    {
        var config = ParseOk("""
            <View>
              <Text name="t" value="$t"/>
              <Choices name="c" toName="t"><Choice value="A"/><Choice value="B" hotkey="1"/><Choice value="C"/></Choices>
              <Labels name="l" toName="t"><Label value="X" hotkey="3"/><Label value="Y"/></Labels>
            </View>
            """);
        var choices = (ChoicesControl)config.Controls[0];
        var labels = (LabelsControl)config.Controls[1];
        Assert.Equal(["2", "1", "4"], choices.Options.Select(o => o.EffectiveHotkey));
        Assert.Equal(["3", "5"], labels.Labels.Select(o => o.EffectiveHotkey));
    }

    [Fact]
    public void Only_nine_default_hotkeys_are_assigned()
    {
        var options = string.Concat(Enumerable.Range(1, 11).Select(i => $"<Choice value=\"O{i}\"/>"));
        var config = ParseOk($"""<View><Text name="t" value="$t"/><Choices name="c" toName="t" choice="multiple">{options}</Choices></View>""");
        var hotkeys = ((ChoicesControl)config.Controls[0]).Options.Select(o => o.EffectiveHotkey).ToList();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", null, null], hotkeys);
    }

    [Fact]
    public void Option_records_without_effective_hotkey_fall_back_to_explicit()
    {
        Assert.Equal("q", new ChoiceOption("A", "q").EffectiveHotkey);
        Assert.Equal("7", new LabelOption("A", null, null) { EffectiveHotkey = "7" }.EffectiveHotkey);
    }

    [Fact]
    public void Duplicate_explicit_hotkeys_are_an_error_on_the_second_tag()
    {
        var error = SingleError("""
            <View>
              <Text name="t" value="$t"/>
              <Choices name="c" toName="t"><Choice value="A" hotkey="a"/></Choices>
              <Labels name="l" toName="t">
                <Label value="X" hotkey="a"/>
              </Labels>
            </View>
            """);
        Assert.Equal(5, error.Line);
        Assert.Equal("Label", error.Tag);
        Assert.Contains("hotkey=\"a\"", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    // ---- errors ----

    [Fact]
    public void Unsupported_tag_names_tag_and_line()
    {
        var error = SingleError("""
            <View>
              <Text name="t" value="$t"/>
              <Choices name="c" toName="t"><Choice value="A"/></Choices>
              <Video name="v" value="$video"/>
            </View>
            """);
        Assert.Equal(4, error.Line);
        Assert.Equal("Video", error.Tag);
        Assert.Contains("<Video>", error.Message);
        Assert.Contains("line 4", error.ToString());
        Assert.Contains("Video", error.ToString());
    }

    [Fact]
    public void Malformed_xml_reports_line_and_position()
    {
        var error = SingleError("<View>\n  <Text name=\"t\" value=\"$t\">\n</View>");
        Assert.Equal(3, error.Line);
        Assert.Null(error.Tag);
        Assert.Contains("line 3, position", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Empty_config_is_an_error(string xml) => Assert.Equal(1, SingleError(xml).Line);

    [Fact]
    public void Doctype_is_rejected()
    {
        var error = SingleError("<!DOCTYPE View [<!ENTITY x \"y\">]>\n<View/>");
        Assert.Contains("DTDs and entity definitions are not allowed", error.Message);
    }

    [Fact]
    public void Root_must_be_view()
    {
        var error = SingleError("\n<Text name=\"t\" value=\"$t\"/>");
        Assert.Equal(2, error.Line);
        Assert.Equal("Text", error.Tag);
        Assert.Contains("root", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void All_errors_are_reported_sorted_by_line()
    {
        var result = LabelingConfigParser.Parse("""
            <View>
              <Text name="text" value="text"/>
              <Text name="text" value="$other"/>
              <Choices name="c" toName="missing"/>
              <Labels name="l" toName="img"><Label value="A"/></Labels>
              <Image name="img" value="$image"/>
              <Rating name="r" toName="img" maxRating="11"/>
              <TextArea toName="img"/>
              <Choices name="d"><Choice value="A"/></Choices>
              <Choices name="e" toName="img"><Choice/></Choices>
              <Audio name="a" value="$audio"/>
            </View>
            """);
        Assert.False(result.Succeeded);
        var byLine = result.Errors.Select(e => (e.Line, e.Tag)).ToList();
        Assert.Equal(
            [
                (2, "Text"), (3, "Text"), (4, "Choices"), (4, "Choices"), (5, "Labels"), (7, "Rating"),
                (8, "TextArea"), (9, "Choices"), (10, "Choice"), (11, "Audio"),
            ],
            byLine);
        Assert.Contains(result.Errors, e => e.Line == 2 && e.Message.Contains("start with $"));
        Assert.Contains(result.Errors, e => e.Line == 3 && e.Message.Contains("already used") && e.Message.Contains("line 2"));
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Message.Contains("at least one <Choice>"));
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Message.Contains("toName=\"missing\""));
        Assert.Contains(result.Errors, e => e.Line == 5 && e.Message.Contains("<Text>"));
        Assert.Contains(result.Errors, e => e.Line == 7 && e.Message.Contains("maxRating=\"11\""));
        Assert.Contains(result.Errors, e => e.Line == 8 && e.Message.Contains("name attribute"));
        Assert.Contains(result.Errors, e => e.Line == 9 && e.Message.Contains("toName attribute"));
        Assert.Contains(result.Errors, e => e.Line == 10 && e.Message.Contains("value attribute"));
    }

    [Theory]
    [InlineData("""<View><Text name="t"/><TextArea name="a" toName="t"/></View>""", "Text", "value attribute")]
    [InlineData("""<View><Text value="$t"/><TextArea name="a" toName="t"/></View>""", "Text", "name attribute")]
    [InlineData("""<View><Text name="t" value="$"/><TextArea name="a" toName="t"/></View>""", "Text", "names no data field")]
    [InlineData("""<View><Image name="t" value="http://x/y.png"/><TextArea name="a" toName="t"/></View>""", "Image", "start with $")]
    [InlineData("""<View><Text name="t" value="$t"/><Rating name="r" toName="t" maxRating="0"/></View>""", "Rating", "maxRating")]
    [InlineData("""<View><Text name="t" value="$t"/><Rating name="r" toName="t" maxRating="five"/></View>""", "Rating", "maxRating")]
    [InlineData("""<View><Text name="t" value="$t"/><Rating name="r" toName="t" required="yes"/></View>""", "Rating", "true or false")]
    [InlineData("""<View><Text name="t" value="$t"/><Choices name="c" toName="t" choice="many"><Choice value="A"/></Choices></View>""", "Choices", "choice=\"many\"")]
    [InlineData("""<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A"/><Choice value="A"/></Choices></View>""", "Choice", "twice")]
    [InlineData("""<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Label value="A"/></Choices></View>""", "Label", "only <Choice>")]
    [InlineData("""<View><Text name="t" value="$t"/><Labels name="c" toName="t"></Labels></View>""", "Labels", "at least one <Label>")]
    [InlineData("""<View><Text name="t" value="$t"/><Choice value="A"/><TextArea name="a" toName="t"/></View>""", "Choice", "inside <Choices>")]
    [InlineData("""<View><Text name="t" value="$t"><Header value="x"/></Text><TextArea name="a" toName="t"/></View>""", "Header", "not allowed inside <Text>")]
    [InlineData("""<View><Text name="t" value="$t"/><TextArea name="t" toName="t"/></View>""", "TextArea", "already used")]
    [InlineData("""<View><Text name="t" value="$t"/><TextArea name="a" toname="t"/></View>""", "TextArea", "toName attribute")]
    [InlineData("""<View><Text name="t" value="$t"/><textarea name="a" toName="t"/></View>""", "textarea", "not supported")]
    public void Single_error_cases(string xml, string tag, string fragment)
    {
        var result = LabelingConfigParser.Parse(xml);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Tag == tag && e.Line == 1 && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Config_without_controls_is_an_error()
    {
        var error = SingleError("<View>\n  <Text name=\"t\" value=\"$t\"/>\n</View>");
        Assert.Equal(1, error.Line);
        Assert.Equal("View", error.Tag);
        Assert.Contains("no control", error.Message);
    }

    [Fact]
    public void Config_with_invalid_control_does_not_also_claim_no_control()
    {
        var result = LabelingConfigParser.Parse("""<View><Text name="t" value="$t"/><Choices toName="t"><Choice value="A"/></Choices></View>""");
        var error = Assert.Single(result.Errors);
        Assert.Contains("name attribute", error.Message);
    }

    [Fact]
    public void Header_without_value_is_an_error_but_text_content_is_accepted()
    {
        var ok = ParseOk("""<View><Header>Read carefully</Header><Text name="t" value="$t"/><TextArea name="a" toName="t"/></View>""");
        Assert.Equal("Read carefully", ((HeaderNode)ok.Root.Children[0]).Value);
        var error = SingleError("""<View><Header/><Text name="t" value="$t"/><TextArea name="a" toName="t"/></View>""");
        Assert.Equal("Header", error.Tag);
    }

    [Fact]
    public void Config_error_to_string_mentions_line_and_tag()
    {
        Assert.Equal("line 4, <Video>: nope", new ConfigError(4, "Video", "nope").ToString());
        Assert.Equal("line 2: nope", new ConfigError(2, null, "nope").ToString());
    }

    [Fact]
    public void Parses_span_options_choice_max_usages_and_granularity()
    {
        var config = ParseOk("""
            <View>
              <Labels name="label" toName="text" choice="multiple" maxUsages="5">
                <Label value="PER" maxUsages="1" granularity="symbol"/>
                <Label value="LOC"/>
              </Labels>
              <Text name="text" value="$text" granularity="word"/>
            </View>
            """);
        var labels = Assert.IsType<LabelsControl>(config.Controls.Single());
        Assert.True(labels.MultipleLabels);
        Assert.Equal(5, labels.MaxUsages);
        Assert.Equal(1, labels.MaxUsagesOf("PER"));
        Assert.Equal(5, labels.MaxUsagesOf("LOC"));
        Assert.Equal(TextGranularity.Symbol, labels.Labels[0].Granularity);
        Assert.Null(labels.Labels[1].Granularity);
        Assert.Equal(TextGranularity.Word, Assert.IsType<TextObject>(config.Objects.Single()).Granularity);
    }

    [Theory]
    [InlineData("""<Labels name="l" toName="t" choice="many"><Label value="A"/></Labels>""", "choice=\"many\" is not valid on <Labels>; use single (one label per span) or multiple.")]
    [InlineData("""<Labels name="l" toName="t" maxUsages="0"><Label value="A"/></Labels>""", "maxUsages=\"0\" is not valid; use a whole number of at least 1.")]
    [InlineData("""<Labels name="l" toName="t"><Label value="A" maxUsages="x"/></Labels>""", "maxUsages=\"x\" is not valid; use a whole number of at least 1.")]
    [InlineData("""<Labels name="l" toName="t"><Label value="A" granularity="sentence"/></Labels>""", "granularity=\"sentence\" is not valid; use symbol or word.")]
    public void Span_options_with_bad_values_are_refused(string labels, string message)
    {
        var error = SingleError($"""<View>{labels}<Text name="t" value="$text"/></View>""");
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Text_granularity_sentence_is_refused_with_a_clear_message()
    {
        var error = SingleError("""<View><Labels name="l" toName="t"><Label value="A"/></Labels><Text name="t" value="$text" granularity="paragraph"/></View>""");
        Assert.Equal("Text", error.Tag);
        Assert.Equal("granularity=\"paragraph\" is not supported yet; use symbol or word.", error.Message);
    }
}
