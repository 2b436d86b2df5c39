using System.Data.Common;
using System.Globalization;
using LabelStudio.Core.DataValidation;
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
    private static readonly string[] Varying = ["SourceIndex", "DataJson", "MetaJson", "ExternalKey", "RandomKey", "ContentHash"];

    private readonly DbCommand _task;
    private readonly DbCommand _taskBatch;
    // The varying parameters of each row of the task INSERTs, looked up once: by name, each row would scan the
    // parameter list (linear in Microsoft.Data.Sqlite) and build its names anew.
    private readonly DbParameter[][] _taskRow;
    private readonly DbParameter[][] _taskBatchRows;
    private readonly DbCommand _annotation;
    /// <summary>The same INSERT returning the id, for an annotation a later revision of its author replaces.</summary>
    private readonly DbCommand _annotationWithId;
    private readonly DbCommand _prediction;
    private readonly DbCommand _gold;
    private readonly DbCommand _rater;
    private readonly DbCommand _raterKey;
    private readonly ImportedRaterMap _raters;
    /// <summary>Who an author already is, by the key <see cref="RaterId"/> would look up (one delegate for every task).</summary>
    private readonly Func<string, string?, long?> _knownRater;
    private readonly int _requiredRatings;
    private readonly DateTime _now;
    private readonly bool _sqlite;
    private bool _prepared;

    public TaskInsertCommands(DbConnection connection, bool sqlite, long projectId, long batchId, int requiredRatings,
        int configVersion, string? importedById, string fileName, DateTime now, ImportedRaterMap raters)
    {
        _now = now;
        _raters = raters;
        _knownRater = (author, name) => raters.Peek(Truncate(author, ImportedRaterConfiguration.MaxKeyLength), name);
        _requiredRatings = requiredRatings;
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
        _taskRow = RowParameters(_task, 1);
        _taskBatchRows = RowParameters(_taskBatch, RowsPerStatement);

        string[] annotationColumns = ["TaskId", "ProjectId", "UserId", "Source", "ImportedAuthor", "ImportedRaterId", "ImportBatchId",
            "ResultJson", "ConfigVersion", "LeadTimeSeconds", "CreatedAt", "IdempotencyKey", "WasSkipped", "Revision", "SupersedesId"];
        _annotation = Command(connection, sqlite, "Annotations", annotationColumns);
        _annotationWithId = Command(connection, sqlite, "Annotations", annotationColumns, returnId: true);
        foreach (var command in new[] { _annotation, _annotationWithId })
        {
            DbCommandParameters.Set(command, "ProjectId", projectId);
            DbCommandParameters.Set(command, "UserId", DBNull.Value);
            DbCommandParameters.Set(command, "Source", (int)AnnotationSource.Imported);
            DbCommandParameters.Set(command, "ImportBatchId", batchId);
            DbCommandParameters.Set(command, "ConfigVersion", configVersion);
            DbCommandParameters.Set(command, "IdempotencyKey", DBNull.Value);
        }

        _prediction = Command(connection, sqlite, "Predictions",
            ["TaskId", "ImportBatchId", "ResultJson", "Score", "ModelVersion", "CreatedAt"]);
        DbCommandParameters.Set(_prediction, "ImportBatchId", batchId);
        DbCommandParameters.Set(_prediction, "CreatedAt", now);

        // An annotation marked "ground_truth": true is also the task's gold answer (same chunk, same batch).
        _gold = Command(connection, sqlite, "GoldAnswers",
            ["TaskId", "ProjectId", "ResultJson", "Source", "IsRetracted", "CreatedById", "CreatedAt", "Comment", "ImportBatchId"]);
        DbCommandParameters.Set(_gold, "ProjectId", projectId);
        DbCommandParameters.Set(_gold, "Source", (int)GoldSource.Import);
        DbCommandParameters.Set(_gold, "IsRetracted", false);
        DbCommandParameters.Set(_gold, "CreatedById", (object?)importedById ?? DBNull.Value);
        DbCommandParameters.Set(_gold, "CreatedAt", now);
        DbCommandParameters.Set(_gold, "Comment", Truncate($"Imported from {fileName}", 2000));
        DbCommandParameters.Set(_gold, "ImportBatchId", batchId);

        _rater = Command(connection, sqlite, "ImportedRaters", ["ProjectId", "ExternalKey", "DisplayName", "ImportBatchId", "CreatedAt"],
            returnId: true);
        DbCommandParameters.Set(_rater, "ProjectId", projectId);
        _raterKey = connection.CreateCommand();
        _raterKey.CommandText = "UPDATE \"ImportedRaters\" SET \"ExternalKey\" = @ExternalKey WHERE \"Id\" = @Id;";
        DbCommandParameters.Add(_raterKey, ["ExternalKey", "Id"]);
        DbCommandParameters.Set(_rater, "ImportBatchId", batchId);
        DbCommandParameters.Set(_rater, "CreatedAt", now);
    }

    private IEnumerable<DbCommand> All => [_task, _taskBatch, _annotation, _annotationWithId, _prediction, _gold, _rater, _raterKey];

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

    /// <summary>
    /// Writes <paramref name="tasks"/> in order, numbering them from <paramref name="sourceIndex"/> + 1, and stops
    /// early, after at least one task, once the <see cref="System.Diagnostics.Stopwatch"/> timestamp
    /// <paramref name="stopAt"/> has passed: <see cref="ChunkCounts.Tasks"/> says how many of them were written.
    /// </summary>
    public ChunkCounts Write(IReadOnlyList<StagedTask> tasks, int sourceIndex, long stopAt = long.MaxValue)
    {
        var counts = new ChunkCounts();
        var pending = new List<(StagedTask Task, int Index)>(RowsPerStatement);
        var consumed = 0;
        foreach (var task in tasks)
        {
            if (consumed > 0 && pending.Count == 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= stopAt) break;
            consumed++;
            var index = ++sourceIndex;
            if (!task.HasChildren)
            {
                pending.Add((task, index));
                if (pending.Count == RowsPerStatement) WriteBatch(pending);
                continue;
            }

            WriteSingles(pending);
            var ratings = ImportedRatings.Plan(task.Annotations ?? [], _knownRater);
            var taskId = InsertOne(task, index, ratings);
            if (ratings.Completed >= _requiredRatings && ratings.Completed > 0) counts.CompleteTasks++;
            counts.Ratings += ratings.Completed;
            var written = new long[ratings.Order.Count];
            for (var n = 0; n < ratings.Order.Count; n++)
            {
                var (annotation, revision, previous) = ratings.Order[n];
                var author = annotation.CompletedBy is { Length: > 0 } key ? key : null;
                var raterId = ImportedRatings.Counts(annotation) ? RaterId(author!, annotation.AuthorName, counts) : (long?)null;
                var command = ratings.Replaced[n] ? _annotationWithId : _annotation;
                DbCommandParameters.Set(command, "TaskId", taskId);
                DbCommandParameters.Set(command, "ImportedAuthor", Truncate(author ?? "imported", ImportedRaterConfiguration.MaxKeyLength));
                DbCommandParameters.Set(command, "ImportedRaterId", (object?)raterId ?? DBNull.Value);
                DbCommandParameters.Set(command, "ResultJson", annotation.ResultJson);
                DbCommandParameters.Set(command, "LeadTimeSeconds", (object?)annotation.LeadTimeSeconds ?? DBNull.Value);
                DbCommandParameters.Set(command, "CreatedAt", annotation.CreatedAt ?? _now);
                DbCommandParameters.Set(command, "WasSkipped", annotation.WasCancelled);
                DbCommandParameters.Set(command, "Revision", revision);
                DbCommandParameters.Set(command, "SupersedesId", previous is { } p ? written[p] : DBNull.Value);
                if (ratings.Replaced[n]) written[n] = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
                else command.ExecuteNonQuery();
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
        counts.Tasks = consumed;
        return counts;
    }

    private void WriteBatch(List<(StagedTask Task, int Index)> rows)
    {
        for (var row = 0; row < rows.Count; row++)
        {
            SetRow(_taskBatchRows[row], rows[row].Task, rows[row].Index);
        }
        _taskBatch.ExecuteNonQuery();
        rows.Clear();
    }

    private void WriteSingles(List<(StagedTask Task, int Index)> rows)
    {
        foreach (var (task, index) in rows) InsertOne(task, index, ImportedRatings.None);
        rows.Clear();
    }

    private long InsertOne(StagedTask task, int index, ImportedRatings ratings)
    {
        SetRow(_taskRow[0], task, index);
        DbCommandParameters.Set(_task, "CompletedCount", ratings.Completed);
        DbCommandParameters.Set(_task, "SkipCount", ratings.Skipped);
        DbCommandParameters.Set(_task, "IsComplete", ratings.Completed > 0 && ratings.Completed >= _requiredRatings);
        return Convert.ToInt64(_task.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The imported rater of an author, added (in this chunk's transaction) the first time the project sees them.</summary>
    private long RaterId(string author, string? name, ChunkCounts counts)
    {
        var key = Truncate(author, ImportedRaterConfiguration.MaxKeyLength);
        if (_raters.TryGet(key, name, out var id, out var newKey))
        {
            if (newKey)
            {
                DbCommandParameters.Set(_raterKey, "ExternalKey", key);
                DbCommandParameters.Set(_raterKey, "Id", id);
                _raterKey.ExecuteNonQuery();
            }
            return id;
        }
        DbCommandParameters.Set(_rater, "ExternalKey", key);
        DbCommandParameters.Set(_rater, "DisplayName", Truncate(ImportedRaterMap.DisplayNameOf(key, name), ImportedRaterConfiguration.MaxNameLength));
        id = Convert.ToInt64(_rater.ExecuteScalar(), CultureInfo.InvariantCulture);
        _raters.Add(key, name, id);
        counts.Raters++;
        return id;
    }

    /// <summary>The <see cref="Varying"/> parameters of each of the <paramref name="rows"/> rows, in that order.</summary>
    private static DbParameter[][] RowParameters(DbCommand command, int rows) =>
        Enumerable.Range(0, rows).Select(r => Varying.Select(c => command.Parameters["@" + c + r]).ToArray()).ToArray();

    private static void SetRow(DbParameter[] row, StagedTask task, int index)
    {
        row[0].Value = index;
        row[1].Value = task.DataJson;
        row[2].Value = (object?)task.MetaJson ?? DBNull.Value;
        row[3].Value = (object?)task.ExternalKey ?? DBNull.Value;
        row[4].Value = task.RandomKey ?? Random.Shared.Next();
        row[5].Value = task.ContentHash ?? TaskContentHash.Of(task.DataJson);
    }

    private static DbCommand TaskCommand(DbConnection connection, bool sqlite, int rows, bool returnId)
    {
        const string columns = "\"ProjectId\", \"ImportBatchId\", \"SourceIndex\", \"DataJson\", \"MetaJson\", " +
                               "\"ExternalKey\", \"CreatedAt\", \"RequiredRatings\", \"CompletedCount\", \"SkipCount\", " +
                               "\"IsComplete\", \"RandomKey\", \"ContentHash\"";
        var command = connection.CreateCommand();
        // A task written alone may come with imported ratings that already count; the batched ones never do.
        var counters = returnId ? "@CompletedCount, @SkipCount, @IsComplete" : "0, 0, 0";
        var values = Enumerable.Range(0, rows).Select(r =>
            $"(@ProjectId, @ImportBatchId, @SourceIndex{r}, @DataJson{r}, @MetaJson{r}, @ExternalKey{r}, @CreatedAt, " +
            $"@RequiredRatings, {counters}, @RandomKey{r}, @ContentHash{r})");
        command.CommandText = (returnId, sqlite) switch
        {
            (false, _) => $"INSERT INTO \"Tasks\" ({columns}) VALUES {string.Join(", ", values)};",
            (true, true) => $"INSERT INTO \"Tasks\" ({columns}) VALUES {string.Join(", ", values)} RETURNING \"Id\";",
            (true, false) => $"INSERT INTO \"Tasks\" ({columns}) OUTPUT INSERTED.\"Id\" VALUES {string.Join(", ", values)};",
        };
        DbCommandParameters.Add(command, ["ProjectId", "ImportBatchId", "CreatedAt", "RequiredRatings"]);
        if (returnId) DbCommandParameters.Add(command, ["CompletedCount", "SkipCount", "IsComplete"]);
        for (var r = 0; r < rows; r++)
        {
            DbCommandParameters.Add(command, Varying.Select(c => c + r));
        }
        return command;
    }

    private static DbCommand Command(DbConnection connection, bool sqlite, string table, string[] columns, bool returnId = false)
    {
        var command = connection.CreateCommand();
        var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => "@" + c));
        command.CommandText = (returnId, sqlite) switch
        {
            (false, _) => $"INSERT INTO \"{table}\" ({columnList}) VALUES ({values});",
            (true, true) => $"INSERT INTO \"{table}\" ({columnList}) VALUES ({values}) RETURNING \"Id\";",
            (true, false) => $"INSERT INTO \"{table}\" ({columnList}) OUTPUT INSERTED.\"Id\" VALUES ({values});",
        };
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
    /// <summary>Tasks written complete: their imported authors gave them all their ratings.</summary>
    public int CompleteTasks { get; set; }
    /// <summary>Ratings the imported authors gave: their current answers (not skips, not earlier revisions).</summary>
    public int Ratings { get; set; }
    /// <summary>Imported raters this chunk introduced.</summary>
    public int Raters { get; set; }
}
