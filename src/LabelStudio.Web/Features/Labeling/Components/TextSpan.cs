using System.Text.Json.Nodes;
using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>A labelled span of a text, read from a <c>labels</c> result item.</summary>
/// <param name="Labels">Its labels (one, or several where the configuration allows it).</param>
/// <param name="Origin">"manual", or "prediction" for a suggested span the rater has not touched yet.</param>
public sealed record TextSpan(string Id, int Start, int End, string Text, IReadOnlyList<string> Labels, string Origin = "manual")
{
    /// <summary>The first label, which gives the span its colour.</summary>
    public string Label => Labels.Count > 0 ? Labels[0] : "";

    public bool IsSuggested => Origin == "prediction";

    public static TextSpan? From(ResultItem item)
    {
        try
        {
            if (item.Value["start"]?.GetValue<int>() is not { } start || item.Value["end"]?.GetValue<int>() is not { } end)
            {
                return null;
            }

            var labels = (item.Value["labels"] as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>().ToList() ?? [];
            return new TextSpan(item.Id, start, end, item.Value["text"]?.GetValue<string>() ?? "", labels, item.Origin);
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
