using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Review;

namespace LabelStudio.Data.Datasets;

/// <summary>Accumulates a version's statistics while its items stream past (counts only: constant memory per label).</summary>
internal sealed class DatasetStatsBuilder(LabelingConfiguration config)
{
    private readonly Dictionary<string, SortedDictionary<string, int>> _labels = config.Controls.ToDictionary(c => c.Name, _ => new SortedDictionary<string, int>(StringComparer.Ordinal));
    private readonly SortedDictionary<string, int> _origins = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _states = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _ratings = new(StringComparer.Ordinal);
    private readonly int[] _agreement = new int[10];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Core.Results.ResultItem, string[]> _names = new();
    private double _agreementSum;
    private int _agreementCount;

    public int Tasks { get; private set; }

    public int Rows { get; set; }

    public void Add(TaskFinalLabel final)
    {
        Tasks++;
        Increment(_states, DatasetNames.State(final.State));
        Increment(_origins, DatasetNames.Origin(final.Origin));
        FinalLabel? primary = null;
        for (var c = 0; c < final.Controls.Count; c++)
        {
            var control = final.Controls[c];
            if (primary is null && control.Ratings > 0) primary = control;
            if (!_labels.TryGetValue(control.Control, out var counts)) continue;
            var names = NamesOf(control.Result);
            for (var i = 0; i < names.Count; i++) Increment(counts, names[i]);
        }
        if (primary is not null) Increment(_ratings, RatingsName(primary.Ratings));
        if (primary?.Agreement is { } agreement && double.IsFinite(agreement))
        {
            _agreementSum += agreement;
            _agreementCount++;
            _agreement[Math.Clamp((int)(agreement * 10), 0, 9)]++;
        }
    }

    public DatasetStats Build(IReadOnlyDictionary<string, int> splits) => new(
        Tasks, Rows,
        [.. config.Controls.Select(c => new ControlDistribution(c.Name, c.ResultType, Counts(_labels[c.Name])))],
        Counts(_origins), Counts(_states),
        [.. splits.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new ValueCount(s.Key, s.Value))],
        _agreementCount == 0 ? null : Math.Round(_agreementSum / _agreementCount, 6),
        [.. _agreement],
        [.. _ratings.OrderBy(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(r => new ValueCount(r.Key, r.Value))]);

    /// <summary><see cref="LabelValues.Names"/> of a control's regions, kept for a shared single region (consensus answers
    /// are shared between the tasks that agreed on them).</summary>
    private IReadOnlyList<string> NamesOf(IReadOnlyList<Core.Results.ResultItem> result) => result is [{ } item]
        ? _names.GetValue(item, i => [.. LabelValues.Names([i])])
        : [.. LabelValues.Names(result)];

    private static readonly string[] SmallCounts = [.. Enumerable.Range(0, 64).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string RatingsName(int ratings) => (uint)ratings < SmallCounts.Length
        ? SmallCounts[ratings]
        : ratings.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<ValueCount> Counts(SortedDictionary<string, int> counts) => [.. counts.Select(c => new ValueCount(c.Key, c.Value))];

    private static void Increment(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
