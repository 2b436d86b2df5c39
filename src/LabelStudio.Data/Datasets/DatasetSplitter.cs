using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// A deterministic, stratified train / validation / test split. Each task gets a number from SHA-256 of the seed and
/// its key (the external key, else the task id), the same on every machine and in every run; within each label
/// stratum tasks are ranked by that number and the first share goes to train, the next to validation, the rest to test.
/// </summary>
public static class DatasetSplitter
{
    public const string Train = "train";
    public const string Validation = "validation";
    public const string Test = "test";

    public static ulong Rank(int seed, string? externalKey, long taskId)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{seed}\n{externalKey ?? "task:" + taskId}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>Which split each member of one stratum goes to (members given with their rank, in any order).</summary>
    public static IEnumerable<(T Member, string Split)> Assign<T>(DatasetSplit split, IReadOnlyList<(T Member, ulong Rank, long TaskId)> stratum)
    {
        var ordered = stratum.OrderBy(s => s.Rank).ThenBy(s => s.TaskId).ToList();
        var train = (int)Math.Round(ordered.Count * split.Train, MidpointRounding.AwayFromZero);
        var validation = (int)Math.Round(ordered.Count * (split.Train + split.Validation), MidpointRounding.AwayFromZero) - train;
        for (var i = 0; i < ordered.Count; i++)
        {
            yield return (ordered[i].Member, i < train ? Train : i < train + validation ? Validation : Test);
        }
    }

    /// <summary>Problems with a requested split, or none.</summary>
    public static IEnumerable<string> Problems(DatasetSplit split)
    {
        double[] parts = [split.Train, split.Validation, split.Test];
        if (parts.Any(p => !double.IsFinite(p) || p < 0 || p > 1)) yield return "split: each share must be between 0 and 1.";
        else if (Math.Abs(parts.Sum() - 1) > 1e-6) yield return "split: train, validation and test must add up to 1.";
    }
}
