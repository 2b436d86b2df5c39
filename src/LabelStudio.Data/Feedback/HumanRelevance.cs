using System.Globalization;
using System.Text.Json;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Reads relevance judgements out of the project's own tasks: a task takes part when its data has <c>query_id</c> and
/// <c>doc_id</c> (strings or numbers), and its judgement is its consensus label (TaskOutcome Agreed or Resolved) or, when
/// it has one, its latest gold answer. A Label Studio result maps to a 0–4 grade: a Rating of r stars is grade r − 1;
/// a Number is the grade; a Choice is read by its text: a number, "Perfect/Excellent/Good/Fair/Bad" (4/3/2/1/0),
/// "Not relevant/Irrelevant/No" (0), "Somewhat/Partially/Marginally relevant" (1), "Highly/Very relevant" (4),
/// "Relevant/Yes" (4).
/// </summary>
public static class HumanRelevance
{
    /// <summary>(query_id, doc_id) of a task's data, or null.</summary>
    public static (string QueryId, string DocId)? PairOf(string dataJson)
    {
        if (!dataJson.Contains("query_id", StringComparison.Ordinal) || !dataJson.Contains("doc_id", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(dataJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var q = Text(doc.RootElement, "query_id");
            var d = Text(doc.RootElement, "doc_id");
            return q is { Length: > 0 } && d is { Length: > 0 } ? (q, d) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The values of the data keys <c>query</c> and <c>doc</c>, when present (texts reused for new tasks).</summary>
    public static (string? Query, string? Doc) TextsOf(string dataJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(dataJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            return (Text(doc.RootElement, "query"), Text(doc.RootElement, "doc"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>The 0–4 grade of a Label Studio result array, or null when it holds no relevance judgement.</summary>
    public static int? GradeOf(string? resultJson)
    {
        if (string.IsNullOrWhiteSpace(resultJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(resultJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("value", out var value)
                    || value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                if (value.TryGetProperty("rating", out var rating) && rating.TryGetDouble(out var stars))
                {
                    return Math.Clamp((int)Math.Round(stars) - 1, 0, 4);
                }
                if (value.TryGetProperty("number", out var number) && number.TryGetDouble(out var n))
                {
                    return Math.Clamp((int)Math.Round(n), 0, 4);
                }
                if (value.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
                {
                    foreach (var choice in choices.EnumerateArray())
                    {
                        if (choice.ValueKind == JsonValueKind.String && GradeOfChoice(choice.GetString()!) is { } g)
                        {
                            return g;
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>The grade a choice's text stands for, or null.</summary>
    public static int? GradeOfChoice(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return Math.Clamp((int)Math.Round(n), 0, 4);
        switch (t)
        {
            case "perfect": return 4;
            case "excellent": return 3;
            case "good": return 2;
            case "fair": return 1;
            case "bad" or "no" or "false": return 0;
            case "yes" or "true": return 4;
        }
        if (t.Contains("irrelevant", StringComparison.Ordinal) || t.Contains("not ", StringComparison.Ordinal)
            || t.StartsWith("non", StringComparison.Ordinal) || t.StartsWith("not", StringComparison.Ordinal))
        {
            return 0;
        }
        if (t.Contains("somewhat", StringComparison.Ordinal) || t.Contains("partial", StringComparison.Ordinal)
            || t.Contains("marginal", StringComparison.Ordinal) || t.Contains("slightly", StringComparison.Ordinal))
        {
            return 1;
        }
        if (t.Contains("relevant", StringComparison.Ordinal)) return 4;
        return null;
    }
}
