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
    private double _agreementSum;
    private int _agreementCount;

    public int Tasks { get; private set; }

    public int Rows { get; set; }

    public void Add(TaskFinalLabel final)
    {
        Tasks++;
        Increment(_states, DatasetNames.State(final.State));
        Increment(_origins, DatasetNames.Origin(final.Origin));
        foreach (var control in final.Controls)
        {
            if (!_labels.TryGetValue(control.Control, out var counts)) continue;
            foreach (var name in LabelValues.Names(control.Result)) Increment(counts, name);
        }
        var primary = final.Controls.FirstOrDefault(c => c.Ratings > 0);
        if (primary is not null) Increment(_ratings, primary.Ratings.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    private static List<ValueCount> Counts(SortedDictionary<string, int> counts) => [.. counts.Select(c => new ValueCount(c.Key, c.Value))];

    private static void Increment(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
