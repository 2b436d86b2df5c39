using System.Data;
using System.Data.Common;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Import;

/// <summary>
/// Imports a task file in one pass and one transaction: tasks are inserted as they stream in; the first invalid task
/// stops the writing (parsing goes on to collect up to 100 errors) and the transaction is rolled back, so an import is
/// all-or-nothing. Memory does not grow with the file.
/// </summary>
public sealed class ImportService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, TimeProvider clock)
{
    private const int ProgressEvery = 2000;

    public async Task<ImportOutcome> ImportAsync(long projectId, Stream content, string fileName, long? totalBytes,
        Actor actor, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);

        using var hashing = new HashingReadStream(content);
        var format = DetectFormat(fileName, content);

        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var batch = new ImportBatch
        {
            ProjectId = projectId, FileName = Path.GetFileName(fileName), Format = format.ToString(),
            ImportedById = actor.UserId, ImportedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);

        var errors = new List<ImportError>();
        var totalErrors = 0;
        var records = 0;
        using var writer = new TaskRowWriter(db, tx, project, batch, clock.GetUtcNow().UtcDateTime);
        try
        {
            foreach (var record in TaskFileReader.Read(hashing, format))
            {
                ct.ThrowIfCancellationRequested();
                records++;
                if (record.Error is { } rowError)
                {
                    totalErrors++;
                    if (errors.Count < ImportOutcome.MaxReportedErrors) errors.Add(rowError);
                    continue;
                }

                var task = record.Task!;
                if (records == 1 && MissingHeader(format, task, config) is { } headerError)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    return new ImportOutcome(null, [headerError], 1);
                }
                foreach (var error in TaskValidator.Validate(task, config))
                {
                    totalErrors++;
                    if (errors.Count < ImportOutcome.MaxReportedErrors) errors.Add(error);
                }
                // After the first error nothing more is written; reading goes on to report further errors.
                if (totalErrors == 0)
                {
                    writer.Write(task);
                }

                if (progress is not null && records % ProgressEvery == 0)
                {
                    progress.Report(new ImportProgress(hashing.BytesRead, totalBytes, writer.Tasks));
                }
            }
        }
        catch (ImportFormatException e)
        {
            await tx.RollbackAsync(CancellationToken.None);
            var error = new ImportError(e.Line ?? 0, null, e.Message);
            return new ImportOutcome(null, [error], totalErrors + 1);
        }

        if (totalErrors > 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return new ImportOutcome(null, errors, totalErrors);
        }
        writer.Flush();
        if (writer.Tasks == 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return new ImportOutcome(null, [new ImportError(0, null, "The file contains no tasks.")], 1);
        }

        batch.Sha256 = hashing.HashHex();
        batch.SizeBytes = hashing.BytesRead;
        batch.TaskCount = writer.Tasks;
        batch.AnnotationCount = writer.Annotations;
        batch.PredictionCount = writer.Predictions;
        db.Entry(batch).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        progress?.Report(new ImportProgress(hashing.BytesRead, totalBytes, writer.Tasks));
        return new ImportOutcome(batch, [], 0);
    }

    /// <summary>
    /// A CSV or TSV whose first line names none of the fields the configuration reads is almost always a file without
    /// a header row; one clear error beats one per row.
    /// </summary>
    private static ImportError? MissingHeader(ImportFormat format, ImportedTask first, LabelingConfiguration config)
    {
        if (format is not (ImportFormat.Csv or ImportFormat.Tsv)) return null;
        var needed = config.RequiredDataFields.Select(DataFieldPath.RootKey).Distinct().ToList();
        if (needed.Count == 0 || needed.Any(first.DataKeys.Contains)) return null;
        return new ImportError(1, null,
            $"The first line must be a header row naming the data fields, and it names none of the fields the " +
            $"configuration reads ({string.Join(", ", needed.Select(f => $"\"{f}\""))}). It reads: " +
            $"{string.Join(", ", first.DataKeys.Take(10).Select(k => $"\"{k}\""))}.");
    }

    private static ImportFormat DetectFormat(string fileName, Stream content)
    {
        if (ImportFormatDetector.FromFileName(fileName) is { } byName) return byName;
        if (!content.CanSeek) return ImportFormat.JsonLines;
        var head = new byte[ImportFormatDetector.HeadLength];
        var start = content.Position;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = start;
        return ImportFormatDetector.FromContent(head.AsSpan(0, read));
    }

    public async Task<IReadOnlyList<ImportBatch>> ListBatchesAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportBatches.AsNoTracking().Where(b => b.ProjectId == projectId)
            .OrderByDescending(b => b.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Prepared INSERT commands reused for every row (EF's change tracker would grow with the file). Plain tasks are
    /// buffered and written <see cref="BatchSize"/> rows per statement; a task with annotations or predictions is
    /// written alone, since its children need its id.
    /// </summary>
    private sealed class TaskRowWriter : IDisposable
    {
        private const int BatchSize = 64;
        private static readonly string[] VaryingColumns = ["SourceIndex", "DataJson", "MetaJson", "RandomKey"];

        private readonly DbCommand _task;
        private readonly DbCommand _taskBatch;
        private readonly DbCommand _annotation;
        private readonly DbCommand _prediction;
        private readonly DbCommand _gold;
        private readonly List<ImportedTask> _buffer = new(BatchSize);
        private readonly Random _random = new();
        private readonly DateTime _now;

        public int Tasks { get; private set; }
        public int Annotations { get; private set; }
        public int Predictions { get; private set; }
        public int GoldAnswers { get; private set; }

        public TaskRowWriter(AppDbContext db, IDbContextTransaction tx, Project project, ImportBatch batch, DateTime now)
        {
            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            var sqlite = db.IsSqlite;
            _now = now;

            _task = TaskCommand(connection, transaction, sqlite, rows: 1, returnId: true);
            _taskBatch = TaskCommand(connection, transaction, sqlite, rows: BatchSize, returnId: false);
            foreach (var command in new[] { _task, _taskBatch })
            {
                DbCommandParameters.Set(command, "ProjectId", project.Id);
                DbCommandParameters.Set(command, "ImportBatchId", batch.Id);
                DbCommandParameters.Set(command, "CreatedAt", now);
                DbCommandParameters.Set(command, "RequiredRatings", project.Overlap);
                if (sqlite) command.Prepare();
            }

            _annotation = Command(connection, transaction, sqlite, "Annotations",
                ["TaskId", "ProjectId", "UserId", "Source", "ImportedAuthor", "ImportBatchId", "ResultJson",
                 "ConfigVersion", "LeadTimeSeconds", "CreatedAt", "IdempotencyKey", "WasSkipped"]);
            DbCommandParameters.Set(_annotation, "ProjectId", project.Id);
            DbCommandParameters.Set(_annotation, "UserId", DBNull.Value);
            DbCommandParameters.Set(_annotation, "Source", (int)AnnotationSource.Imported);
            DbCommandParameters.Set(_annotation, "ImportBatchId", batch.Id);
            DbCommandParameters.Set(_annotation, "ConfigVersion", project.LabelConfigVersion);
            DbCommandParameters.Set(_annotation, "IdempotencyKey", DBNull.Value);

            _prediction = Command(connection, transaction, sqlite, "Predictions",
                ["TaskId", "ImportBatchId", "ResultJson", "Score", "ModelVersion", "CreatedAt"]);
            DbCommandParameters.Set(_prediction, "ImportBatchId", batch.Id);
            DbCommandParameters.Set(_prediction, "CreatedAt", now);

            // An annotation marked "ground_truth": true is also the task's gold answer (same transaction).
            _gold = Command(connection, transaction, sqlite, "GoldAnswers",
                ["TaskId", "ProjectId", "ResultJson", "Source", "IsRetracted", "CreatedById", "CreatedAt", "Comment"]);
            DbCommandParameters.Set(_gold, "ProjectId", project.Id);
            DbCommandParameters.Set(_gold, "Source", (int)GoldSource.Import);
            DbCommandParameters.Set(_gold, "IsRetracted", false);
            DbCommandParameters.Set(_gold, "CreatedById", (object?)batch.ImportedById ?? DBNull.Value);
            DbCommandParameters.Set(_gold, "CreatedAt", now);
            DbCommandParameters.Set(_gold, "Comment", Truncate($"Imported from {batch.FileName}", 2000));
        }

        private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

        public void Write(ImportedTask task)
        {
            if (task.Annotations.Count == 0 && task.Predictions.Count == 0)
            {
                _buffer.Add(task);
                if (_buffer.Count == BatchSize) FlushBatch();
                return;
            }

            Flush();
            var taskId = InsertOne(task);
            foreach (var annotation in task.Annotations)
            {
                DbCommandParameters.Set(_annotation, "TaskId", taskId);
                DbCommandParameters.Set(_annotation, "ImportedAuthor", annotation.CompletedBy ?? "imported");
                DbCommandParameters.Set(_annotation, "ResultJson", annotation.ResultJson);
                DbCommandParameters.Set(_annotation, "LeadTimeSeconds", annotation.LeadTimeSeconds ?? 0d);
                DbCommandParameters.Set(_annotation, "CreatedAt", annotation.CreatedAt ?? _now);
                DbCommandParameters.Set(_annotation, "WasSkipped", annotation.WasCancelled);
                _annotation.ExecuteNonQuery();
                Annotations++;
                if (annotation.GroundTruth && !annotation.WasCancelled)
                {
                    DbCommandParameters.Set(_gold, "TaskId", taskId);
                    DbCommandParameters.Set(_gold, "ResultJson", annotation.ResultJson);
                    _gold.ExecuteNonQuery();
                    GoldAnswers++;
                }
            }
            foreach (var prediction in task.Predictions)
            {
                DbCommandParameters.Set(_prediction, "TaskId", taskId);
                DbCommandParameters.Set(_prediction, "ResultJson", prediction.ResultJson);
                DbCommandParameters.Set(_prediction, "Score", (object?)prediction.Score ?? DBNull.Value);
                DbCommandParameters.Set(_prediction, "ModelVersion", (object?)prediction.ModelVersion ?? DBNull.Value);
                _prediction.ExecuteNonQuery();
                Predictions++;
            }
        }

        /// <summary>Writes what is still buffered; call before committing.</summary>
        public void Flush()
        {
            foreach (var task in _buffer) InsertOne(task);
            _buffer.Clear();
        }

        private void FlushBatch()
        {
            for (var row = 0; row < _buffer.Count; row++)
            {
                SetRow(_taskBatch, row.ToString(System.Globalization.CultureInfo.InvariantCulture), _buffer[row]);
            }
            _taskBatch.ExecuteNonQuery();
            _buffer.Clear();
        }

        private long InsertOne(ImportedTask task)
        {
            SetRow(_task, "0", task);
            return Convert.ToInt64(_task.ExecuteScalar());
        }

        private void SetRow(DbCommand command, string suffix, ImportedTask task)
        {
            DbCommandParameters.Set(command, "SourceIndex" + suffix, ++Tasks);
            DbCommandParameters.Set(command, "DataJson" + suffix, task.DataJson);
            DbCommandParameters.Set(command, "MetaJson" + suffix, (object?)task.MetaJson ?? DBNull.Value);
            DbCommandParameters.Set(command, "RandomKey" + suffix, _random.Next());
        }

        private static DbCommand TaskCommand(DbConnection connection, DbTransaction transaction, bool sqlite, int rows,
            bool returnId)
        {
            const string columns = "\"ProjectId\", \"ImportBatchId\", \"SourceIndex\", \"DataJson\", \"MetaJson\", " +
                                   "\"ExternalKey\", \"CreatedAt\", \"RequiredRatings\", \"CompletedCount\", \"SkipCount\", " +
                                   "\"IsComplete\", \"RandomKey\"";
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = Enumerable.Range(0, rows).Select(r =>
                $"(@ProjectId, @ImportBatchId, @SourceIndex{r}, @DataJson{r}, @MetaJson{r}, NULL, @CreatedAt, " +
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
                DbCommandParameters.Add(command, VaryingColumns.Select(c => c + r));
            }
            return command;
        }

        public void Dispose()
        {
            _task.Dispose();
            _taskBatch.Dispose();
            _annotation.Dispose();
            _prediction.Dispose();
            _gold.Dispose();
        }

        private static DbCommand Command(DbConnection connection, DbTransaction transaction, bool sqlite, string table,
            string[] columns)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));
            var values = string.Join(", ", columns.Select(c => "@" + c));
            command.CommandText = $"INSERT INTO \"{table}\" ({columnList}) VALUES ({values});";
            DbCommandParameters.Add(command, columns);
            if (sqlite)
            {
                command.Prepare();
            }
            return command;
        }
    }
}
