using System.Globalization;

namespace LabelStudio.Feedback.Calibration;

/// <summary>Reads a human seed TSV with a header naming <c>query_id</c>, <c>doc_id</c> and <c>grade</c> (any order, extra columns ignored).</summary>
public static class SeedReader
{
    /// <summary>Reads a seed file; rows that do not parse are counted in <paramref name="malformedRows"/>.</summary>
    public static IReadOnlyList<SeedLabel> Read(string path, out int malformedRows)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, out malformedRows);
    }

    /// <summary>Reads a seed stream; throws <see cref="InvalidDataException"/> when the header lacks a column or the text is not UTF-8.</summary>
    public static IReadOnlyList<SeedLabel> Read(Stream stream, out int malformedRows)
    {
        try
        {
            return ReadCore(stream, out malformedRows);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new InvalidDataException("The seed file is not valid UTF-8 text.");
        }
    }

    private static IReadOnlyList<SeedLabel> ReadCore(Stream stream, out int malformedRows)
    {
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        string? header = reader.ReadLine() ?? throw new InvalidDataException("The seed file is empty.");
        var names = header.Split('\t').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int qi = names.IndexOf("query_id");
        int di = names.IndexOf("doc_id");
        int gi = names.IndexOf("grade");
        if (qi < 0 || di < 0 || gi < 0)
        {
            throw new InvalidDataException("The seed header must name the columns query_id, doc_id and grade (tab-separated).");
        }
        int need = Math.Max(qi, Math.Max(di, gi)) + 1;
        var list = new List<SeedLabel>();
        malformedRows = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length < need
                || !double.TryParse(parts[gi].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double grade)
                || !(grade is >= 0 and <= 4)
                || parts[qi].Length == 0 || parts[di].Length == 0)
            {
                malformedRows++;
                continue;
            }
            list.Add(new SeedLabel(parts[qi], parts[di], (int)Math.Round(grade)));
        }
        return list;
    }

    /// <summary>Writes seed labels as TSV with the standard header.</summary>
    public static void Write(Stream stream, IEnumerable<SeedLabel> labels)
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write("query_id\tdoc_id\tgrade\n");
        foreach (var l in labels)
        {
            writer.Write(l.QueryId);
            writer.Write('\t');
            writer.Write(l.DocId);
            writer.Write('\t');
            writer.Write(l.Grade.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }
}
