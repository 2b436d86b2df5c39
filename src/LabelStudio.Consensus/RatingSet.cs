namespace LabelStudio.Consensus;

/// <summary>
/// A flat list of ratings: parallel arrays of item index, rater index and label (category) index, all dense
/// zero-based ints, plus the string ids they stand for. Build one with <see cref="RatingSetBuilder"/> or from
/// arrays you already hold. Repeated (item, rater) pairs are allowed and count as extra observations.
/// </summary>
public sealed class RatingSet
{
    private readonly int[] _items;
    private readonly int[] _raters;
    private readonly int[] _labels;
    private readonly IReadOnlyList<string>? _itemIds;
    private readonly IReadOnlyList<string>? _raterIds;
    private readonly IReadOnlyList<string>? _categoryIds;
    private RatingMatrix? _byItem;

    /// <summary>Wraps the arrays (not copied). Every index must be in range.</summary>
    public RatingSet(int[] items, int[] raters, int[] labels, int itemCount, int raterCount, int classCount,
        IReadOnlyList<string>? itemIds = null, IReadOnlyList<string>? raterIds = null, IReadOnlyList<string>? categoryIds = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(raters);
        ArgumentNullException.ThrowIfNull(labels);
        if (items.Length != raters.Length || items.Length != labels.Length)
        {
            throw new ArgumentException("items, raters and labels must have the same length.");
        }
        if (classCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), "At least one class is needed.");
        }
        CheckRange(items, itemCount, nameof(items));
        CheckRange(raters, raterCount, nameof(raters));
        CheckRange(labels, classCount, nameof(labels));
        CheckIds(itemIds, itemCount, nameof(itemIds));
        CheckIds(raterIds, raterCount, nameof(raterIds));
        CheckIds(categoryIds, classCount, nameof(categoryIds));
        _items = items;
        _raters = raters;
        _labels = labels;
        ItemCount = itemCount;
        RaterCount = raterCount;
        ClassCount = classCount;
        _itemIds = itemIds;
        _raterIds = raterIds;
        _categoryIds = categoryIds;
    }

    /// <summary>Number of ratings.</summary>
    public int Count => _items.Length;

    /// <summary>Number of items (tasks); some may have no rating.</summary>
    public int ItemCount { get; }

    /// <summary>Number of raters.</summary>
    public int RaterCount { get; }

    /// <summary>Number of categories (classes).</summary>
    public int ClassCount { get; }

    /// <summary>Item index of each rating.</summary>
    public ReadOnlySpan<int> Items => _items;

    /// <summary>Rater index of each rating.</summary>
    public ReadOnlySpan<int> Raters => _raters;

    /// <summary>Label index of each rating.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Item ids (the index as text when none were given).</summary>
    public IReadOnlyList<string> ItemIds => _itemIds ?? Numbered(ItemCount);

    /// <summary>Rater ids (the index as text when none were given).</summary>
    public IReadOnlyList<string> RaterIds => _raterIds ?? Numbered(RaterCount);

    /// <summary>Category ids in index order (the index as text when none were given).</summary>
    public IReadOnlyList<string> CategoryIds => _categoryIds ?? Numbered(ClassCount);

    /// <summary>The ratings grouped by item (built once, on first use).</summary>
    public RatingMatrix ByItem => _byItem ??= RatingMatrix.Build(_items, _raters, _labels, ItemCount, RaterCount, ClassCount);

    private static string[] Numbered(int n)
    {
        var ids = new string[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return ids;
    }

    private static void CheckRange(int[] values, int count, string name)
    {
        foreach (var v in values)
        {
            if ((uint)v >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(name, $"Index {v} is outside 0..{count - 1}.");
            }
        }
    }

    private static void CheckIds(IReadOnlyList<string>? ids, int count, string name)
    {
        if (ids is not null && ids.Count != count)
        {
            throw new ArgumentException($"Expected {count} ids, got {ids.Count}.", name);
        }
    }
}

/// <summary>
/// Collects ratings given as string ids and interns them to dense ints. Category order: an explicit list when
/// given to <see cref="Build"/>; otherwise <see cref="CategoryOrdering.Order"/> (numeric ascending when every
/// label is a number, else ordinal string order). Items and raters keep first-appearance order.
/// </summary>
public sealed class RatingSetBuilder
{
    private readonly Dictionary<string, int> _itemIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _raterIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _labelIndex = new(StringComparer.Ordinal);
    private readonly List<string> _itemIds = [];
    private readonly List<string> _raterIds = [];
    private readonly List<string> _labelIds = [];
    private readonly List<int> _items = [];
    private readonly List<int> _raters = [];
    private readonly List<int> _labels = [];

    /// <summary>Adds one rating.</summary>
    public RatingSetBuilder Add(string item, string rater, string label)
    {
        _items.Add(Intern(_itemIndex, _itemIds, item));
        _raters.Add(Intern(_raterIndex, _raterIds, rater));
        _labels.Add(Intern(_labelIndex, _labelIds, label));
        return this;
    }

    /// <summary>Dense index of an item id already added, or -1.</summary>
    public int ItemIndex(string item) => _itemIndex.TryGetValue(item, out var i) ? i : -1;

    /// <summary>Builds the set. <paramref name="categories"/> fixes the category order and may list unused categories.</summary>
    public RatingSet Build(IReadOnlyList<string>? categories = null)
    {
        string[] categoryIds;
        var remap = new int[_labelIds.Count];
        if (categories is null)
        {
            var order = CategoryOrdering.Order(_labelIds);
            categoryIds = new string[order.Length];
            for (var rank = 0; rank < order.Length; rank++)
            {
                categoryIds[rank] = _labelIds[order[rank]];
                remap[order[rank]] = rank;
            }
        }
        else
        {
            categoryIds = [.. categories];
            var declared = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < categoryIds.Length; i++)
            {
                declared[categoryIds[i]] = i;
            }
            for (var i = 0; i < _labelIds.Count; i++)
            {
                if (!declared.TryGetValue(_labelIds[i], out remap[i]))
                {
                    throw new ArgumentException($"Label '{_labelIds[i]}' is not among the declared categories.", nameof(categories));
                }
            }
        }
        var labels = new int[_labels.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = remap[_labels[i]];
        }
        return new RatingSet([.. _items], [.. _raters], labels, _itemIds.Count, _raterIds.Count, Math.Max(1, categoryIds.Length),
            [.. _itemIds], [.. _raterIds], categoryIds.Length == 0 ? ["0"] : categoryIds);
    }

    private static int Intern(Dictionary<string, int> index, List<string> ids, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!index.TryGetValue(key, out var i))
        {
            i = ids.Count;
            index.Add(key, i);
            ids.Add(key);
        }
        return i;
    }
}

/// <summary>The default category order used when none is declared.</summary>
public static class CategoryOrdering
{
    /// <summary>
    /// Returns the indices of <paramref name="labels"/> in category order: ascending numeric value when every
    /// label parses as an invariant-culture number (ties by ordinal text), else ordinal string order. The order
    /// never depends on the order in which ratings arrive, so ties broken by "lowest index" are reproducible.
    /// </summary>
    public static int[] Order(IReadOnlyList<string> labels)
    {
        var order = new int[labels.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var values = TryParseAll(labels);
        if (values is not null)
        {
            Array.Sort(order, (a, b) =>
            {
                var c = values[a].CompareTo(values[b]);
                return c != 0 ? c : string.CompareOrdinal(labels[a], labels[b]);
            });
        }
        else
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(labels[a], labels[b]));
        }
        return order;
    }

    /// <summary>Parses every label as a number (invariant culture), or returns null when any is not numeric.</summary>
    public static double[]? TryParseAll(IReadOnlyList<string> labels)
    {
        var values = new double[labels.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(labels[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i])
                || !double.IsFinite(values[i]))
            {
                return null;
            }
        }
        return values;
    }
}
