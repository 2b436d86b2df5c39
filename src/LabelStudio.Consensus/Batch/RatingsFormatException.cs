namespace LabelStudio.Consensus.Batch;

/// <summary>One problem found in an input CSV file.</summary>
/// <param name="Line">1-based physical line where the record starts (the header is line 1).</param>
/// <param name="Message">What is wrong.</param>
public sealed record CsvProblem(int Line, string Message);

/// <summary>
/// Thrown when an input CSV file has malformed rows. Every bad row is reported (the first 1,000 are kept), so one run
/// shows all the lines to fix.
/// </summary>
public sealed class RatingsFormatException : Exception
{
    /// <summary>Creates the exception for a file and its problems (at least one).</summary>
    public RatingsFormatException(string path, IReadOnlyList<CsvProblem> problems, int totalProblems)
        : base(BuildMessage(path, problems, totalProblems))
    {
        FilePath = path;
        Problems = problems;
        TotalProblems = totalProblems;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The problems kept (first 1,000), in line order.</summary>
    public IReadOnlyList<CsvProblem> Problems { get; }

    /// <summary>All problems found, including those not kept.</summary>
    public int TotalProblems { get; }

    /// <summary>The line numbers of the problems kept.</summary>
    public IReadOnlyList<int> Lines => Problems.Select(p => p.Line).ToArray();

    private static string BuildMessage(string path, IReadOnlyList<CsvProblem> problems, int total)
    {
        var shown = problems.Take(10).Select(p => $"  line {p.Line}: {p.Message}");
        var more = total > 10 ? $"{Environment.NewLine}  … and {total - 10} more" : "";
        return $"{path}: {total} malformed row(s) at line(s) {string.Join(", ", problems.Take(20).Select(p => p.Line))}{(total > 20 ? ", …" : "")}"
               + Environment.NewLine + string.Join(Environment.NewLine, shown) + more;
    }
}
