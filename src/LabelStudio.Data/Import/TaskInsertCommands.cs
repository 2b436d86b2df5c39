using System.Data.Common;
using System.Globalization;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Data.Labeling;

namespace LabelStudio.Data.Import;

/// <summary>
/// The one place that INSERTs tasks (and the annotations, predictions and gold answers imported with them): prepared
/// commands reused for every row, since EF's change tracker would grow with the file. Plain tasks go
/// <see cref="RowsPerStatement"/> rows per statement; a task with children is written alone, since they need its id.
/// </summary>
internal sealed class TaskInsertCommands : IDisposable
{
    public const int RowsPerStatement = 64;
    private static readonly string[] Varying = ["SourceIndex", "DataJson", "MetaJson", "ExternalKey", "RandomKey"];

    private readonly DbCommand _task;
    private readonly DbCommand _taskBatch;
    private readonly DbCommand _annotation;
    private readonly DbCommand _prediction;
    private readonly DbCommand _gold;
    private readonly DateTime _now;
    private readonly bool _sqlite;
    private bool _prepared;

    public TaskInsertCommands(DbConnection connection, bool sqlite, long projectId, long batchId, int requiredRatings,
        int configVersion, string? importedById, string fileName, DateTime now)
    {
        _now = now;
        _sqlite = sqlite;
        _task = TaskCommand(connection, sqlite, rows: 1, returnId: true);
        _taskBatch = TaskCommand(connection, sqlite, rows: RowsPerStatement, returnId: false);
        foreach (var command in new[] { _task, _taskBatch })
        {
            DbCommandParameters.Set(command, "ProjectId", projectId);
            DbCommandParameters.Set(command, "ImportBatchId", batchId);
            DbCommandParameters.Set(command, "CreatedAt", now);
            DbCommandParameters.Set(command, "RequiredRatings", requiredRatings);
        }

        _annotation = Command(connection, "Annotations",
            ["TaskId", "ProjectId", "UserId", "Source", "ImportedAuthor", "ImportBatchId", "ResultJson",
             "ConfigVersion", "LeadTimeSeconds", "CreatedAt", "IdempotencyKey", "WasSkipped"]);
        DbCommandParameters.Set(_annotation, "ProjectId", projectId);
        DbCommandParameters.Set(_annotation, "UserId", DBNull.Value);
        DbCommandParameters.Set(_annotation, "Source", (int)AnnotationSource.Imported);
        DbCommandParameters.Set(_annotation, "ImportBatchId", batchId);
        DbCommandParameters.Set(_annotation, "ConfigVersion", configVersion);
        DbCommandParameters.Set(_annotation, "IdempotencyKey", DBNull.Value);

        _prediction = Command(connection, "Predictions",
            ["TaskId", "ImportBatchId", "ResultJson", "Score", "ModelVersion", "CreatedAt"]);
        DbCommandParameters.Set(_prediction, "ImportBatchId", batchId);
        DbCommandParameters.Set(_prediction, "CreatedAt", now);

        // An annotation marked "ground_truth": true is also the task's gold answer (same chunk, same batch).
        _gold = Command(connection, "GoldAnswers",
            ["TaskId", "ProjectId", "ResultJson", "Source", "IsRetracted", "CreatedById", "CreatedAt", "Comment", "ImportBatchId"]);
        DbCommandParameters.Set(_gold, "ProjectId", projectId);
        DbCommandParameters.Set(_gold, "Source", (int)GoldSource.Import);
        DbCommandParameters.Set(_gold, "IsRetracted", false);
        DbCommandParameters.Set(_gold, "CreatedById", (object?)importedById ?? DBNull.Value);
        DbCommandParameters.Set(_gold, "CreatedAt", now);
        DbCommandParameters.Set(_gold, "Comment", Truncate($"Imported from {fileName}", 2000));
        DbCommandParameters.Set(_gold, "ImportBatchId", batchId);
    }

    private IEnumerable<DbCommand> All => [_task, _taskBatch, _annotation, _prediction, _gold];

    /// <summary>Runs the next statements inside <paramref name="transaction"/> (one per chunk).</summary>
    public void Enlist(DbTransaction transaction)
    {
        foreach (var command in All)
        {
            command.Transaction = transaction;
            if (_sqlite && !_prepared) command.Prepare();
        }
        _prepared = true;
    }

    /// <summary>Writes <paramref name="tasks"/> in order, numbering them from <paramref name="sourceIndex"/> + 1.</summary>
    public ChunkCounts Write(IReadOnlyList<StagedTask> tasks, int sourceIndex)
    {
        var counts = new ChunkCounts();
        var pending = new List<(StagedTask Task, int Index)>(RowsPerStatement);
        foreach (var task in tasks)
        {
            var index = ++sourceIndex;
            if (!task.HasChildren)
            {
                pending.Add((task, index));
                if (pending.Count == RowsPerStatement) WriteBatch(pending);
                continue;
            }

            WriteSingles(pending);
            var taskId = InsertOne(task, index);
            foreach (var annotation in task.Annotations ?? [])
            {
                DbCommandParameters.Set(_annotation, "TaskId", taskId);
                DbCommandParameters.Set(_annotation, "ImportedAuthor", annotation.CompletedBy ?? "imported");
                DbCommandParameters.Set(_annotation, "ResultJson", annotation.ResultJson);
                DbCommandParameters.Set(_annotation, "LeadTimeSeconds", annotation.LeadTimeSeconds ?? 0d);
                DbCommandParameters.Set(_annotation, "CreatedAt", annotation.CreatedAt ?? _now);
                DbCommandParameters.Set(_annotation, "WasSkipped", annotation.WasCancelled);
                _annotation.ExecuteNonQuery();
                counts.Annotations++;
                if (annotation.GroundTruth && !annotation.WasCancelled)
                {
                    DbCommandParameters.Set(_gold, "TaskId", taskId);
                    DbCommandParameters.Set(_gold, "ResultJson", annotation.ResultJson);
                    _gold.ExecuteNonQuery();
                    counts.GoldAnswers++;
                }
            }
            foreach (var prediction in task.Predictions ?? [])
            {
                DbCommandParameters.Set(_prediction, "TaskId", taskId);
                DbCommandParameters.Set(_prediction, "ResultJson", prediction.ResultJson);
                DbCommandParameters.Set(_prediction, "Score", (object?)prediction.Score ?? DBNull.Value);
                DbCommandParameters.Set(_prediction, "ModelVersion", (object?)prediction.ModelVersion ?? DBNull.Value);
                _prediction.ExecuteNonQuery();
                counts.Predictions++;
            }
        }
        WriteSingles(pending);
        counts.Tasks = tasks.Count;
        return counts;
    }

    private void WriteBatch(List<(StagedTask Task, int Index)> rows)
    {
        for (var row = 0; row < rows.Count; row++)
        {
            SetRow(_taskBatch, row.ToString(CultureInfo.InvariantCulture), rows[row].Task, rows[row].Index);
        }
        _taskBatch.ExecuteNonQuery();
        rows.Clear();
    }

    private void WriteSingles(List<(StagedTask Task, int Index)> rows)
    {
        foreach (var (task, index) in rows) InsertOne(task, index);
        rows.Clear();
    }

    private long InsertOne(StagedTask task, int index)
    {
        SetRow(_task, "0", task, index);
        return Convert.ToInt64(_task.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void SetRow(DbCommand command, string suffix, StagedTask task, int index)
    {
        DbCommandParameters.Set(command, "SourceIndex" + suffix, index);
        DbCommandParameters.Set(command, "DataJson" + suffix, task.DataJson);
        DbCommandParameters.Set(command, "MetaJson" + suffix, (object?)task.MetaJson ?? DBNull.Value);
        DbCommandParameters.Set(command, "ExternalKey" + suffix, (object?)task.ExternalKey ?? DBNull.Value);
        DbCommandParameters.Set(command, "RandomKey" + suffix, task.RandomKey ?? Random.Shared.Next());
    }

    private static DbCommand TaskCommand(DbConnection connection, bool sqlite, int rows, bool returnId)
    {
        const string columns = "\"ProjectId\", \"ImportBatchId\", \"SourceIndex\", \"DataJson\", \"MetaJson\", " +
                               "\"ExternalKey\", \"CreatedAt\", \"RequiredRatings\", \"CompletedCount\", \"SkipCount\", " +
                               "\"IsComplete\", \"RandomKey\"";
        var command = connection.CreateCommand();
        var values = Enumerable.Range(0, rows).Select(r =>
            $"(@ProjectId, @ImportBatchId, @SourceIndex{r}, @DataJson{r}, @MetaJson{r}, @ExternalKey{r}, @CreatedAt, " +
            $"@RequiredRatings, 0, 0, 0, @RandomKey{r})");
        command.CommandText = (returnId, sqlite) switch
        {
            (false, _) => $"INSERT INTO \"Tasks\" ({columns}) VALUES {string.Join(", ", values)};",
            (true, true) => $"INSERT INTO \"Tasks\" ({columns}) VALUES {string.Join(", ", values)} RETURNING \"Id\";",
            (true, false) => $"INSERT INTO \"Tasks\" ({columns}) OUTPUT INSERTED.\"Id\" VALUES {string.Join(", ", values)};",
        };
        DbCommandParameters.Add(command, ["ProjectId", "ImportBatchId", "CreatedAt", "RequiredRatings"]);
        for (var r = 0; r < rows; r++)
        {
            DbCommandParameters.Add(command, Varying.Select(c => c + r));
        }
        return command;
    }

    private static DbCommand Command(DbConnection connection, string table, string[] columns)
    {
        var command = connection.CreateCommand();
        var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => "@" + c));
        command.CommandText = $"INSERT INTO \"{table}\" ({columnList}) VALUES ({values});";
        DbCommandParameters.Add(command, columns);
        return command;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    public void Dispose()
    {
        foreach (var command in All) command.Dispose();
    }
}

/// <summary>Rows one chunk wrote.</summary>
internal sealed class ChunkCounts
{
    public int Tasks { get; set; }
    public int Annotations { get; set; }
    public int Predictions { get; set; }
    public int GoldAnswers { get; set; }
}
