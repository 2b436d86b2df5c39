namespace LabelStudio.Consensus;

/// <summary>
/// Ratings grouped by item (compressed sparse rows built with a counting sort), plus the item × category count
/// table. Within an item, ratings keep their input order.
/// </summary>
public sealed class RatingMatrix
{
    private readonly int[] _itemStart;
    private readonly int[] _raters;
    private readonly int[] _labels;

    private RatingMatrix(int[] itemStart, int[] raters, int[] labels, int raterCount, CountTable counts)
    {
        _itemStart = itemStart;
        _raters = raters;
        _labels = labels;
        RaterCount = raterCount;
        Counts = counts;
    }

    /// <summary>Number of items.</summary>
    public int ItemCount => Counts.ItemCount;

    /// <summary>Number of raters.</summary>
    public int RaterCount { get; }

    /// <summary>Number of categories.</summary>
    public int ClassCount => Counts.ClassCount;

    /// <summary>Number of ratings.</summary>
    public int RatingCount => _raters.Length;

    /// <summary>Item × category counts.</summary>
    public CountTable Counts { get; }

    /// <summary>Offsets: the ratings of item i are at [ItemStart[i], ItemStart[i+1]).</summary>
    public ReadOnlySpan<int> ItemStart => _itemStart;

    /// <summary>Rater index of every rating, in item order.</summary>
    public ReadOnlySpan<int> Raters => _raters;

    /// <summary>Label of every rating, in item order.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The raters who rated item <paramref name="item"/>.</summary>
    public ReadOnlySpan<int> RatersOf(int item) => _raters.AsSpan(_itemStart[item], _itemStart[item + 1] - _itemStart[item]);

    /// <summary>The labels given to item <paramref name="item"/>, aligned with <see cref="RatersOf"/>.</summary>
    public ReadOnlySpan<int> LabelsOf(int item) => _labels.AsSpan(_itemStart[item], _itemStart[item + 1] - _itemStart[item]);

    internal int[] ItemStartArray => _itemStart;
    internal int[] RatersArray => _raters;
    internal int[] LabelsArray => _labels;

    /// <summary>Groups flat (item, rater, label) arrays by item.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static RatingMatrix Build(ReadOnlySpan<int> items, ReadOnlySpan<int> raters, ReadOnlySpan<int> labels, int itemCount, int raterCount, int classCount)
    {
        if (items.Length != raters.Length || items.Length != labels.Length)
        {
            throw new ArgumentException("items, raters and labels must have the same length.");
        }
        var start = new int[itemCount + 1];
        var counts = new int[(long)itemCount * classCount];
        for (var j = 0; j < items.Length; j++)
        {
            var i = items[j];
            var l = labels[j];
            if ((uint)i >= (uint)itemCount || (uint)l >= (uint)classCount || (uint)raters[j] >= (uint)raterCount)
            {
                throw new ArgumentOutOfRangeException(nameof(items), $"Rating {j} has an index out of range.");
            }
            start[i + 1]++;
            counts[(long)i * classCount + l]++;
        }
        for (var i = 0; i < itemCount; i++)
        {
            start[i + 1] += start[i];
        }
        var cursor = new int[itemCount];
        Array.Copy(start, cursor, itemCount);
        var byItemRaters = new int[items.Length];
        var byItemLabels = new int[items.Length];
        for (var j = 0; j < items.Length; j++)
        {
            var p = cursor[items[j]]++;
            byItemRaters[p] = raters[j];
            byItemLabels[p] = labels[j];
        }
        return new RatingMatrix(start, byItemRaters, byItemLabels, raterCount, new CountTable(counts, itemCount, classCount));
    }
}

/// <summary>An item × category table of rating counts (n_ik), stored row-major.</summary>
public sealed class CountTable
{
    private readonly int[] _counts;
    private readonly int[] _totals;

    /// <summary>Wraps a row-major item × class count array (not copied).</summary>
    public CountTable(int[] counts, int itemCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (classCount < 1 || itemCount < 0 || counts.LongLength != (long)itemCount * classCount)
        {
            throw new ArgumentException("counts must hold itemCount × classCount values.");
        }
        _counts = counts;
        ItemCount = itemCount;
        ClassCount = classCount;
        _totals = new int[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            var s = 0;
            var row = counts.AsSpan(i * classCount, classCount);
            foreach (var c in row)
            {
                if (c < 0)
                {
                    throw new ArgumentException("Counts must not be negative.");
                }
                s += c;
            }
            _totals[i] = s;
        }
    }

    /// <summary>Builds a table from one row of counts per item.</summary>
    public static CountTable FromRows(IReadOnlyList<int[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var k = rows.Count == 0 ? 1 : rows[0].Length;
        var counts = new int[rows.Count * k];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != k)
            {
                throw new ArgumentException("Every row must have the same number of categories.");
            }
            rows[i].CopyTo(counts, i * k);
        }
        return new CountTable(counts, rows.Count, k);
    }

    /// <summary>Number of items (rows).</summary>
    public int ItemCount { get; }

    /// <summary>Number of categories (columns).</summary>
    public int ClassCount { get; }

    /// <summary>Count of ratings of category <paramref name="k"/> on item <paramref name="i"/>.</summary>
    public int this[int i, int k] => _counts[i * ClassCount + k];

    /// <summary>The counts of item <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Row(int i) => _counts.AsSpan(i * ClassCount, ClassCount);

    /// <summary>Number of ratings on item <paramref name="i"/>.</summary>
    public int Total(int i) => _totals[i];

    internal int[] CountsArray => _counts;
    internal int[] TotalsArray => _totals;
}
