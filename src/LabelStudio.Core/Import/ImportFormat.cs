using System.Text.Json;

namespace LabelStudio.Core.Import;

/// <summary>Task file formats the importer reads.</summary>
public enum ImportFormat
{
    /// <summary>A JSON array of tasks, or one task object.</summary>
    Json,

    /// <summary>One JSON task object per line (<c>.jsonl</c>, <c>.ndjson</c>).</summary>
    JsonLines,

    /// <summary>Comma-separated values with a header row.</summary>
    Csv,

    /// <summary>Tab-separated values with a header row.</summary>
    Tsv,
}

/// <summary>Chooses an <see cref="ImportFormat"/> from a file name or, failing that, from the first bytes.</summary>
public static class ImportFormatDetector
{
    /// <summary>How many leading bytes <see cref="FromContent"/> looks at, at most.</summary>
    public const int HeadLength = 64 * 1024;

    /// <summary>The format implied by the file extension, or null when the extension is unknown.</summary>
    public static ImportFormat? FromFileName(string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        return extension switch
        {
            ".json" => ImportFormat.Json,
            ".jsonl" or ".ndjson" => ImportFormat.JsonLines,
            ".csv" => ImportFormat.Csv,
            ".tsv" or ".tab" => ImportFormat.Tsv,
            _ => null,
        };
    }

    /// <summary>
    /// Guesses the format from the start of the file: <c>[</c> is JSON; <c>{</c> is JSON Lines when the first line
    /// holds one complete object, else JSON; otherwise CSV, or TSV when the first line has more tabs than commas.
    /// </summary>
    public static ImportFormat FromContent(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Utf8ValidatingStream.Bom))
        {
            head = head[3..];
        }

        var start = 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == head.Length)
        {
            return ImportFormat.Json;
        }

        var rest = head[start..];
        var newline = rest.IndexOf((byte)'\n');
        var firstLine = newline < 0 ? rest : rest[..newline];
        switch (rest[0])
        {
            case (byte)'[':
                return ImportFormat.Json;
            case (byte)'{':
                return IsCompleteObject(firstLine) ? ImportFormat.JsonLines : ImportFormat.Json;
            default:
                var tabs = firstLine.Count((byte)'\t');
                var commas = firstLine.Count((byte)',');
                return tabs > commas ? ImportFormat.Tsv : ImportFormat.Csv;
        }
    }

    /// <summary>The format from the extension when known, else from the content.</summary>
    public static ImportFormat Detect(string? fileName, ReadOnlySpan<byte> head) => FromFileName(fileName) ?? FromContent(head);

    private static bool IsCompleteObject(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
