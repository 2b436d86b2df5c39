using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// CoNLL-2003 for span projects: <c>-DOCSTART- -X- O</c>, then per task one block of <c>token -X- _ TAG</c> lines in
/// BIO tags from the task's final label (one tagging per text, never one per rater), blocks separated by a blank
/// line. Tasks without a final label for the span control are left out. Nested spans: the outer one tags.
/// </summary>
public sealed partial class ConllFormat : IDatasetFormat
{
    public string Name => "conll";
    public string Extension => "conll";
    public string ContentType => "text/plain";

    public bool NeedsAnnotations(DatasetScope scope) => false;

    public string? Unsupported(DatasetFormatContext context) => SpanControl(context) is null
        ? "CoNLL-2003 needs a Labels control on a Text object."
        : context.Scope == DatasetScope.All ? "CoNLL-2003 writes one tagging per text: choose final labels." : null;

    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var (control, field) = SpanControl(context) ?? throw new InvalidOperationException(Unsupported(context));
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync("-DOCSTART- -X- O");
        var count = 0;
        var block = new StringBuilder();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var label = row.Labels.FirstOrDefault(l => l.Control == control.Name);
            if (label is null || label.Origin == nameof(Review.FinalLabelOrigin.None).ToLowerInvariant()) continue;
            if ((JsonNode.Parse(row.DataJson) as JsonObject)?[field] is not JsonValue value || !value.TryGetValue<string>(out var text)) continue;
            var spans = label.Result
                .Select(r => (Start: (int?)r.Value["start"] ?? 0, End: (int?)r.Value["end"] ?? 0,
                    Tag: (r.Value["labels"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? "ENT"))
                .Where(s => s.End > s.Start)
                .OrderBy(s => s.Start).ThenByDescending(s => s.End).ToList();
            block.Clear().Append('\n');
            foreach (Match token in Tokens().Matches(text))
            {
                var span = spans.FirstOrDefault(s => token.Index < s.End && token.Index + token.Length > s.Start);
                var tag = span.Tag is null ? "O" : (token.Index <= span.Start ? "B-" : "I-") + span.Tag;
                block.Append(token.Value).Append(" -X- _ ").Append(tag).Append('\n');
            }
            await writer.WriteAsync(block, ct);
            count++;
        }
        await writer.FlushAsync(ct);
        return count;
    }

    private static (LabelsControl Control, string Field)? SpanControl(DatasetFormatContext context)
    {
        foreach (var control in context.Controls.OfType<LabelsControl>())
        {
            if (context.Config.FindObject(control.ToName) is TextObject text) return (control, text.DataField);
        }
        return null;
    }

    [GeneratedRegex(@"\w+|[^\w\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();
}
