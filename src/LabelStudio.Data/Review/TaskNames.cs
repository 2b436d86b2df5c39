namespace LabelStudio.Data.Review;

/// <summary>
/// How a task is named to people: its external key when it has one, else its place in the file it was imported from
/// ("reviews.jsonl #12"); never the database id. Click-feedback keys (query and doc separated by a tab) read "q · d".
/// </summary>
public static class TaskNames
{
    public static string Of(string? externalKey, string? batchFile, int sourceIndex) =>
        !string.IsNullOrWhiteSpace(externalKey) ? externalKey.Replace("\t", " · ", StringComparison.Ordinal)
        : !string.IsNullOrWhiteSpace(batchFile) ? $"{batchFile} #{sourceIndex}"
        : $"Task #{sourceIndex}";
}
