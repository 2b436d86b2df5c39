using System.Text;
using LabelStudio.Data.Review;
using LabelStudio.Quality;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// A version's frozen items as one sequential file in task order (<c>items.bin</c> beside its formats), written by the
/// build under a temporary name of its job and renamed into place before the version is published, so a killed job leaves
/// a part file that abandoning deletes and never a half list. It replaces a million-row insert: the diff merges two of
/// them, reproduction and the formats written later read it, and it carries the task's fields so no format joins Tasks.
/// A split, known only once every item is frozen, goes to a small sidecar (<c>splits.bin</c>: task id and split code in
/// task order) merged in on reading. Versions made before it have their items in the DatasetItems table instead.
/// </summary>
internal static class DatasetItemsFile
{
    public const string FileName = "items.bin";
    public const string PartName = "items";
    public const string SplitsFileName = "splits.bin";
    public const string SplitsPartName = "splits";

    private static readonly byte[] Magic = "LSITEMS1"u8.ToArray();
    private static readonly string[] SplitNames = ["", DatasetSplitter.Train, DatasetSplitter.Validation, DatasetSplitter.Test];

    public static string PathOf(DatasetStorage storage, long versionId) => storage.FilePath(versionId, FileName);

    /// <summary>Whether the version keeps its items in a file (made by this build or later) rather than in table rows.</summary>
    public static bool Exists(DatasetStorage storage, long versionId) => File.Exists(PathOf(storage, versionId));

    /// <summary>Appends records to a part file; <see cref="Complete"/> flushes it to disk and renames it into place.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly string _part;
        private readonly string _path;
        private readonly FileStream _file;
        private readonly BinaryWriter _out;
        private bool _completed;

        public Writer(string part, string path)
        {
            _part = part;
            _path = path;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(part)!);
            _file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            _out = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
            _out.Write(Magic);
        }

        public long Count { get; private set; }

        public void Write(DatasetInputReader.DatasetTask task, FrozenItem item)
        {
            _out.Write(item.TaskId);
            NullableString(task.ExternalKey);
            _out.Write(task.DataJson);
            NullableString(task.MetaJson);
            _out.Write(task.CreatedAt.Ticks);
            _out.Write(task.ImportBatchId.HasValue);
            if (task.ImportBatchId is { } batch) _out.Write(batch);
            _out.Write(task.SourceIndex);
            _out.Write((byte)item.State);
            _out.Write((byte)item.Origin);
            _out.Write(item.LabelKey);
            _out.Write7BitEncodedInt(item.LabelsJson.Length);
            _out.Write(item.LabelsJson);
            Count++;
        }

        public void Complete()
        {
            _out.Flush();
            _file.Flush(flushToDisk: true);
            _out.Dispose();
            _file.Dispose();
            File.Move(_part, _path, overwrite: true);
            _completed = true;
        }

        public void Dispose()
        {
            if (_completed) return;
            _out.Dispose();
            _file.Dispose();
            // Left half-written by a failure or a cancel: nothing of it stays.
            File.Delete(_part);
        }

        private void NullableString(string? value)
        {
            _out.Write(value is not null);
            if (value is not null) _out.Write(value);
        }
    }

    /// <summary>The records in task order, each with its split when the version has a split sidecar.</summary>
    public static IEnumerable<StoredItem> Read(DatasetStorage storage, long versionId)
    {
        var splitsPath = storage.FilePath(versionId, SplitsFileName);
        using var splits = File.Exists(splitsPath) ? ReadSplits(splitsPath).GetEnumerator() : null;
        var hasSplit = splits?.MoveNext() ?? false;
        foreach (var item in ReadFile(PathOf(storage, versionId)))
        {
            while (hasSplit && splits!.Current.TaskId < item.TaskId) hasSplit = splits.MoveNext();
            yield return hasSplit && splits!.Current.TaskId == item.TaskId ? item with { Split = splits.Current.Split } : item;
        }
    }

    /// <summary>The records of one file, without splits.</summary>
    public static IEnumerable<StoredItem> ReadFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var input = new BinaryReader(file, Encoding.UTF8);
        if (!input.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not a dataset items file.");
        while (file.Position < file.Length)
        {
            var taskId = input.ReadInt64();
            var externalKey = NullableString(input);
            var data = input.ReadString();
            var meta = NullableString(input);
            var created = new DateTime(input.ReadInt64(), DateTimeKind.Utc);
            long? batch = input.ReadBoolean() ? input.ReadInt64() : null;
            var sourceIndex = input.ReadInt32();
            var state = (TaskOutcomeState)input.ReadByte();
            var origin = (FinalLabelOrigin)input.ReadByte();
            var labelKey = input.ReadString();
            var labels = input.ReadBytes(input.Read7BitEncodedInt());
            yield return new StoredItem(taskId, externalKey, data, meta, created, batch, sourceIndex, state, origin, labelKey, labels);
        }
    }

    /// <summary>Replaces the file's records (tests that tamper with a version, tools that repair one).</summary>
    public static void Rewrite(string path, IEnumerable<StoredItem> items)
    {
        var part = path + ".rewrite";
        using (var writer = new Writer(part, path))
        {
            foreach (var i in items)
            {
                writer.Write(new DatasetInputReader.DatasetTask(i.TaskId, i.ExternalKey, i.DataJson, i.MetaJson, i.CreatedAt, i.ImportBatchId, i.SourceIndex),
                    new FrozenItem(i.TaskId, i.State, i.Origin, i.LabelKey, i.LabelsJson));
            }
            writer.Complete();
        }
    }

    /// <summary>Writes the split sidecar: the assignments in task order.</summary>
    public static void WriteSplits(string part, string path, IEnumerable<(long TaskId, string Split)> assignments)
    {
        using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var output = new BinaryWriter(file))
        {
            foreach (var (taskId, split) in assignments.OrderBy(a => a.TaskId))
            {
                output.Write(taskId);
                output.Write((byte)Array.IndexOf(SplitNames, split));
            }
            output.Flush();
            file.Flush(flushToDisk: true);
        }
        File.Move(part, path, overwrite: true);
    }

    private static IEnumerable<(long TaskId, string Split)> ReadSplits(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var input = new BinaryReader(file);
        while (file.Position < file.Length) yield return (input.ReadInt64(), SplitNames[input.ReadByte()]);
    }

    private static string? NullableString(BinaryReader input) => input.ReadBoolean() ? input.ReadString() : null;
}
