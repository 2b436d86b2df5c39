using System.Text.Json.Nodes;
using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>A labelled span of a text, read from a <c>labels</c> result item.</summary>
internal sealed record TextSpan(string Id, int Start, int End, string Text, string Label)
{
    public static TextSpan? From(ResultItem item)
    {
        try
        {
            if (item.Value["start"]?.GetValue<int>() is not { } start || item.Value["end"]?.GetValue<int>() is not { } end)
            {
                return null;
            }

            var label = (item.Value["labels"] as JsonArray)?.Select(n => n?.GetValue<string>()).FirstOrDefault(s => s is not null) ?? "";
            return new TextSpan(item.Id, start, end, item.Value["text"]?.GetValue<string>() ?? "", label);
        }
        catch (InvalidOperationException)
        {
            return null; // a malformed value (e.g. a string where a number belongs) is not shown as a span
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
