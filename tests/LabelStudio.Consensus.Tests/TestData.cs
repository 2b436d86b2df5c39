using LabelStudio.Consensus.Batch;

namespace LabelStudio.Consensus.Tests;

internal static class TestData
{
    public const double Tolerance = 0.001;

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    public static RatingSet Load(string name, IReadOnlyList<string>? categories = null) => RatingsCsv.Read(PathOf(name), categories);

    /// <summary>Two raters' aligned labels from a K × K contingency table (rows = rater A).</summary>
    public static (int[] A, int[] B) FromContingency(int[,] table)
    {
        var a = new List<int>();
        var b = new List<int>();
        for (var i = 0; i < table.GetLength(0); i++)
        {
            for (var j = 0; j < table.GetLength(1); j++)
            {
                for (var n = 0; n < table[i, j]; n++)
                {
                    a.Add(i);
                    b.Add(j);
                }
            }
        }
        return ([.. a], [.. b]);
    }

    /// <summary>A rating set in which each of two raters rated every item (a[i], b[i]).</summary>
    public static RatingSet TwoRaters(int[] a, int[] b, int classCount)
    {
        var n = a.Length;
        var items = new int[2 * n];
        var raters = new int[2 * n];
        var labels = new int[2 * n];
        for (var i = 0; i < n; i++)
        {
            items[2 * i] = i;
            items[2 * i + 1] = i;
            raters[2 * i + 1] = 1;
            labels[2 * i] = a[i];
            labels[2 * i + 1] = b[i];
        }
        return new RatingSet(items, raters, labels, n, 2, classCount);
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ls-consensus-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
