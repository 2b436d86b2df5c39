using System.Text;

namespace LabelStudio.Consensus.Batch;

/// <summary>Ratings read from a CSV file, with string ids interned and categories not yet ordered.</summary>
internal sealed class RawRatings
{
    public required int[] Items { get; init; }
    public required int[] Raters { get; init; }
    public required int[] Labels { get; init; }
    public required int Count { get; init; }
    public required ByteInterner ItemInterner { get; init; }
    public required ByteInterner RaterInterner { get; init; }
    public required ByteInterner LabelInterner { get; init; }
}

/// <summary>
/// Reads rating files (header <c>item_id,rater_id,label</c>) and gold files (header <c>item_id,label</c>). Column
/// names are matched case-insensitively; any other header is an error on line 1. Every data row must have exactly the
/// header's number of fields, none of them empty. A rater may be missing on any item; repeated (item, rater) rows are
/// kept as extra observations. All problems are collected and thrown together as a <see cref="RatingsFormatException"/>.
/// </summary>
public static class RatingsCsv
{
    private const int MaxKeptProblems = 1000;

    /// <summary>Reads a ratings file into a <see cref="RatingSet"/> (categories in <see cref="CategoryOrdering"/> order unless declared).</summary>
    public static RatingSet Read(string path, IReadOnlyList<string>? categories = null)
    {
        var raw = ReadRaw(path);
        var labelIds = raw.LabelInterner.ToStrings();
        var (categoryIds, remap) = OrderCategories(labelIds, categories);
        var labels = new int[raw.Count];
        for (var j = 0; j < labels.Length; j++)
        {
            labels[j] = remap[raw.Labels[j]];
        }
        return new RatingSet(raw.Items[..raw.Count], raw.Raters[..raw.Count], labels, raw.ItemInterner.Count, raw.RaterInterner.Count,
            categoryIds.Length, raw.ItemInterner.ToStrings(), raw.RaterInterner.ToStrings(), categoryIds);
    }

    internal static RawRatings ReadRaw(string path)
    {
        var data = File.ReadAllBytes(path);
        return Parse(data, path);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static RawRatings Parse(byte[] data, string path)
    {
        var cursor = new CsvCursor(data, 3);
        var problems = new List<CsvProblem>();
        var total = 0;
        void Problem(int line, string message)
        {
            total++;
            if (problems.Count < MaxKeptProblems)
            {
                problems.Add(new CsvProblem(line, message));
            }
        }
        if (!cursor.Next())
        {
            throw new RatingsFormatException(path, [new CsvProblem(1, "the file is empty; expected the header item_id,rater_id,label")], 1);
        }
        if (cursor.Error is not null || cursor.FieldCount != 3 || !Is(cursor.Field(0), "item_id") || !Is(cursor.Field(1), "rater_id") || !Is(cursor.Field(2), "label"))
        {
            throw new RatingsFormatException(path, [new CsvProblem(cursor.RecordLine, "expected the header item_id,rater_id,label")], 1);
        }
        var capacity = Math.Max(16, data.Length / 12);
        var items = new int[capacity];
        var raters = new int[capacity];
        var labels = new int[capacity];
        var itemInterner = new ByteInterner();
        var raterInterner = new ByteInterner();
        var labelInterner = new ByteInterner();
        var n = 0;
        while (cursor.Next())
        {
            if (cursor.Error is not null)
            {
                Problem(cursor.RecordLine, cursor.Error);
                continue;
            }
            if (cursor.FieldCount != 3)
            {
                Problem(cursor.RecordLine, $"expected 3 fields, found {cursor.FieldCount}");
                continue;
            }
            var item = cursor.Field(0);
            var rater = cursor.Field(1);
            var label = cursor.Field(2);
            if (item.IsEmpty || rater.IsEmpty || label.IsEmpty)
            {
                Problem(cursor.RecordLine, item.IsEmpty ? "empty item_id" : rater.IsEmpty ? "empty rater_id" : "empty label");
                continue;
            }
            if (n == items.Length)
            {
                Array.Resize(ref items, n * 2);
                Array.Resize(ref raters, n * 2);
                Array.Resize(ref labels, n * 2);
            }
            items[n] = itemInterner.Intern(item);
            raters[n] = raterInterner.Intern(rater);
            labels[n] = labelInterner.Intern(label);
            n++;
        }
        if (total > 0)
        {
            throw new RatingsFormatException(path, problems, total);
        }
        if (n == 0)
        {
            throw new RatingsFormatException(path, [new CsvProblem(1, "the file has no ratings")], 1);
        }
        return new RawRatings
        {
            Items = items, Raters = raters, Labels = labels, Count = n,
            ItemInterner = itemInterner, RaterInterner = raterInterner, LabelInterner = labelInterner,
        };
    }

    /// <summary>
    /// Reads a gold file into per-item gold label ids of <paramref name="labels"/> (new labels are added). Items not in
    /// <paramref name="itemIds"/> are ignored; when an item appears twice, the last row wins.
    /// </summary>
    internal static int[] ParseGold(string path, ByteInterner itemIds, ByteInterner labels)
    {
        var data = File.ReadAllBytes(path);
        var cursor = new CsvCursor(data, 2);
        var problems = new List<CsvProblem>();
        var total = 0;
        if (!cursor.Next() || cursor.Error is not null || cursor.FieldCount != 2 || !Is(cursor.Field(0), "item_id") || !Is(cursor.Field(1), "label"))
        {
            throw new RatingsFormatException(path, [new CsvProblem(1, "expected the header item_id,label")], 1);
        }
        var gold = new int[itemIds.Count];
        Array.Fill(gold, -1);
        while (cursor.Next())
        {
            string? error = cursor.Error
                ?? (cursor.FieldCount != 2 ? $"expected 2 fields, found {cursor.FieldCount}"
                : cursor.Field(0).IsEmpty ? "empty item_id"
                : cursor.Field(1).IsEmpty ? "empty label" : null);
            if (error is not null)
            {
                total++;
                if (problems.Count < MaxKeptProblems)
                {
                    problems.Add(new CsvProblem(cursor.RecordLine, error));
                }
                continue;
            }
            var item = itemIds.Find(cursor.Field(0));
            if (item >= 0)
            {
                gold[item] = labels.Intern(cursor.Field(1));
            }
        }
        if (total > 0)
        {
            throw new RatingsFormatException(path, problems, total);
        }
        return gold;
    }

    internal static (string[] CategoryIds, int[] Remap) OrderCategories(string[] labelIds, IReadOnlyList<string>? declared)
    {
        var remap = new int[labelIds.Length];
        if (declared is null)
        {
            var order = CategoryOrdering.Order(labelIds);
            var ids = new string[order.Length];
            for (var rank = 0; rank < order.Length; rank++)
            {
                ids[rank] = labelIds[order[rank]];
                remap[order[rank]] = rank;
            }
            return (ids, remap);
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < declared.Count; i++)
        {
            index[declared[i]] = i;
        }
        for (var i = 0; i < labelIds.Length; i++)
        {
            if (!index.TryGetValue(labelIds[i], out remap[i]))
            {
                throw new ArgumentException($"Label '{labelIds[i]}' is not among the declared categories.");
            }
        }
        return ([.. declared], remap);
    }

    private static bool Is(ReadOnlySpan<byte> field, string name) => Ascii.EqualsIgnoreCase(field, name);
}
