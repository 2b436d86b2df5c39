namespace LabelStudio.Data.Datasets;

/// <summary>
/// Parsed forms of stored JSON by its text, for the build's inputs: consensus answers and control outcomes repeat from
/// task to task (a classification has a handful of distinct answers), so most tasks skip the parse. Bounded: the
/// cache starts over when full, so memory does not grow with the project. The values are shared and never mutated.
/// </summary>
internal sealed class ParseCache<T>(Func<string, T> parse, int capacity = 4096)
{
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public T Get(string json)
    {
        if (_values.TryGetValue(json, out var value)) return value;
        if (_values.Count >= capacity) _values.Clear();
        return _values[json] = parse(json);
    }
}
