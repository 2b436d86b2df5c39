using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.UnitTests.Results;

/// <summary>Span offsets are UTF-16 code units, as in Label Studio (and JavaScript strings): they survive a JSON round
/// trip unchanged, and the text at the offsets is exactly the span's text, whatever the script.</summary>
public sealed class Utf16OffsetTests
{
    private static readonly LabelingConfiguration Config =
        LabelingConfigParser.Parse(LabelingConfigSamples.NamedEntityRecognition).Configuration!;

    public static TheoryData<string, string> Texts => new()
    {
        { "The team 🚀 met Ada 👩\u200D💻 in Paris.", "Ada 👩\u200D💻" },
        { "Orders from \U00020BB7野家 rose.", "\U00020BB7野家" },
        { "Zoe\u0308 and Rene\u0301e arrived.", "Rene\u0301e" },
        { "\u05D4\u05D5\u05D0 \u05D2\u05E8 \u05D1\u05D9\u05E8\u05D5\u05E9\u05DC\u05D9\u05DD.", "\u05D1\u05D9\u05E8\u05D5\u05E9\u05DC\u05D9\u05DD" },
        { "ذهب أحمد إلى القاهرة", "القاهرة" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Span_RoundTripsThroughJson_WithUtf16Offsets(string text, string entity)
    {
        var start = text.IndexOf(entity, StringComparison.Ordinal);
        var end = start + entity.Length;
        var label = Config.Controls.OfType<LabelsControl>().Single().Labels[0].Value;
        var item = new ResultItem("r1", "label", "text", "labels", new JsonObject
        {
            ["start"] = start, ["end"] = end, ["text"] = entity, ["labels"] = new JsonArray(label),
        });

        var parsed = ResultJson.Parse(ResultJson.Serialize([item])).Single();

        Assert.Equal(start, parsed.Value["start"]!.GetValue<int>());
        Assert.Equal(end, parsed.Value["end"]!.GetValue<int>());
        Assert.Equal(entity, parsed.Value["text"]!.GetValue<string>());
        Assert.Equal(entity, text[start..end]);
        Assert.Empty(AnnotationValidator.Validate(Config, [parsed], new JsonObject { ["text"] = text }));
    }

    [Fact]
    public void Offsets_CountCodeUnitsNotCharacters()
    {
        const string text = "😀 Ada";

        Assert.Equal(3, text.IndexOf("Ada", StringComparison.Ordinal)); // the emoji is two code units, as in JavaScript
    }
}
