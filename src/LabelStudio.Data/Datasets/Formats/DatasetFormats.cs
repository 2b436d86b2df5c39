namespace LabelStudio.Data.Datasets.Formats;

/// <summary>Every format a version can be written in, by name.</summary>
public static class DatasetFormats
{
    public static IReadOnlyList<IDatasetFormat> All { get; } =
    [
        new LabelStudioJsonFormat(), new JsonMinFormat(), new JsonLinesFormat(), new DelimitedFormat(','), new DelimitedFormat('\t'),
        new ConllFormat(), new ParquetFormat(),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    public static IDatasetFormat? Find(string? name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
