namespace LabelStudio.Core.LabelingConfig;

/// <summary>Ready-made labeling configurations in Label Studio's XML, for new projects and previews.</summary>
public static class LabelingConfigSamples
{
    /// <summary>Sentiment classification of a text: one required single choice among three.</summary>
    public const string TextClassification = """
        <View>
          <Header value="How does the author feel?"/>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single-radio" required="true">
            <Choice value="Positive"/>
            <Choice value="Negative"/>
            <Choice value="Neutral"/>
          </Choices>
        </View>
        """;

    /// <summary>Named-entity recognition: mark person, organization and location spans in a text.</summary>
    public const string NamedEntityRecognition = """
        <View>
          <Labels name="label" toName="text">
            <Label value="PER" background="#e53935"/>
            <Label value="ORG" background="#1e88e5"/>
            <Label value="LOC" background="#43a047"/>
          </Labels>
          <Text name="text" value="$text"/>
        </View>
        """;

    /// <summary>All samples with a display title, in the order a picker should list them.</summary>
    public static IReadOnlyList<(string Title, string Xml)> All { get; } =
    [
        ("Text classification (sentiment)", TextClassification),
        ("Named entity recognition", NamedEntityRecognition),
    ];
}
