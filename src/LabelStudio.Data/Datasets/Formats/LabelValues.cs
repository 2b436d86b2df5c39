using System.Text.Json.Nodes;
using LabelStudio.Core.Results;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// A control's regions as one plain value, the way Label Studio's JSON-MIN and CSV exports show them: a single choice
/// or text as a string, several as a list, a rating as a number, spans as a list of <c>{start, end, text, labels}</c>.
/// </summary>
public static class LabelValues
{
    public static JsonNode? Of(IEnumerable<ResultItem> regions)
    {
        var items = regions.ToList();
        if (items.Count == 0) return null;
        switch (items[0].Type)
        {
            case "choices":
                return Collapse(items.SelectMany(i => Strings(i.Value["choices"])).ToList());
            case "textarea":
                return Collapse(items.SelectMany(i => Strings(i.Value["text"])).ToList());
            case "rating":
                return items[0].Value["rating"]?.DeepClone();
            case "labels":
                var spans = new JsonArray();
                foreach (var item in items)
                {
                    spans.Add(new JsonObject
                    {
                        ["start"] = item.Value["start"]?.DeepClone(),
                        ["end"] = item.Value["end"]?.DeepClone(),
                        ["text"] = item.Value["text"]?.DeepClone(),
                        ["labels"] = item.Value["labels"]?.DeepClone(),
                    });
                }
                return spans;
            default:
                return items.Count == 1 ? items[0].Value.DeepClone() : new JsonArray([.. items.Select(i => (JsonNode)i.Value.DeepClone())]);
        }
    }

    /// <summary>The label values a control's regions carry (each choice, each span label, the rating), for counting.</summary>
    public static IEnumerable<string> Names(IEnumerable<ResultItem> regions)
    {
        foreach (var item in regions)
        {
            switch (item.Type)
            {
                case "choices":
                    foreach (var s in Strings(item.Value["choices"])) yield return s;
                    break;
                case "labels":
                    foreach (var s in Strings(item.Value["labels"])) yield return s;
                    break;
                case "rating":
                    if (item.Value["rating"] is { } rating) yield return rating.ToJsonString();
                    break;
            }
        }
    }

    /// <summary>A short text of a control's value: <c>Positive</c>, <c>A|B</c>, <c>4</c>, <c>PER:0-12 LOC:23-29</c>.</summary>
    public static string Short(IEnumerable<ResultItem> regions)
    {
        var items = regions.ToList();
        if (items.Count == 0) return "";
        if (items[0].Type == "labels")
        {
            return string.Join(" ", items.Select(i =>
                $"{string.Join("+", Strings(i.Value["labels"]))}:{i.Value["start"]?.ToJsonString()}-{i.Value["end"]?.ToJsonString()}"));
        }
        if (items[0].Type == "textarea") return string.Join("|", items.SelectMany(i => Strings(i.Value["text"])));
        var names = Names(items).ToList();
        return names.Count > 0 ? string.Join("|", names) : string.Join("|", items.Select(i => i.Value.ToJsonString()));
    }

    private static JsonNode? Collapse(List<string> values) => values.Count switch
    {
        0 => null,
        1 => JsonValue.Create(values[0]),
        _ => new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
    };

    private static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    if (element is JsonValue value && value.TryGetValue<string>(out var s)) yield return s;
                }
                break;
            case JsonValue single when single.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
    }
}
