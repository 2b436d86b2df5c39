using System.Data.Common;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Jobs;

/// <summary>What a handler gets while its job runs: the job's inputs, a scratch folder and a progress reporter.</summary>
public sealed class JobRun
{
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly WriteLock _writeLock;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _progressEvery;
    private readonly CancellationTokenSource _cancel;
    private readonly Action<JobProgress>? _observer;
    private string? _lastStage;
    private DateTime _lastSaved;
    private int _saving;

    internal JobRun(Job job, string workDirectory, string inputPath, IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock,
        TimeProvider clock, TimeSpan progressEvery, CancellationTokenSource cancel, Action<JobProgress>? observer)
    {
        _writeLock = writeLock;
        JobId = job.Id;
        Kind = job.Kind;
        ProjectId = job.ProjectId;
        CreatedById = job.CreatedById;
        FileName = job.FileName ?? "";
        InputBytes = job.InputBytes ?? 0;
        ParametersJson = job.ParametersJson;
        WorkDirectory = workDirectory;
        InputPath = inputPath;
        _dbFactory = dbFactory;
        _clock = clock;
        _progressEvery = progressEvery;
        _cancel = cancel;
        _observer = observer;
    }

    public long JobId { get; }
    public string Kind { get; }
    public long? ProjectId { get; }
    public string? CreatedById { get; }
    public string FileName { get; }
    public long InputBytes { get; }
    public string ParametersJson { get; }

    /// <summary>A folder of the job's own, deleted when the job ends (also after a crash, at the next start).</summary>
    public string WorkDirectory { get; }

    /// <summary>The uploaded file the job reads (inside <see cref="WorkDirectory"/> for queued jobs).</summary>
    public string InputPath { get; }

    /// <summary>
    /// The job acts for whoever started it, with the rights that were checked when it was started (only
    /// administrators may start imports and ingests).
    /// </summary>
    public Actor Actor => new(CreatedById, IsAdmin: true, IsLead: true);

    public T Parameters<T>() where T : new() => JsonSerializer.Deserialize<T>(ParametersJson, JobOutcome.Json) ?? new T();

    /// <summary>
    /// <see cref="ReportAsync"/> for synchronous code (a parser on a worker thread): the save, when one is due, runs
    /// in the background, never two at once.
    /// </summary>
    public void Report(string stage, long done, long total)
    {
        if (Interlocked.CompareExchange(ref _saving, 1, 0) != 0)
        {
            _observer?.Invoke(new JobProgress(stage, done, total));
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await ReportAsync(stage, done, total);
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                // The job ended while the save was on its way.
            }
            finally
            {
                Volatile.Write(ref _saving, 0);
            }
        });
    }

    /// <summary>
    /// Records progress. Saved at most every few hundred milliseconds (or when the stage changes); each save also
    /// picks up a cancel requested from another process.
    /// </summary>
    public async ValueTask ReportAsync(string stage, long done, long total)
    {
        _observer?.Invoke(new JobProgress(stage, done, total));
        var now = _clock.GetUtcNow().UtcDateTime;
        if (stage == _lastStage && now - _lastSaved < _progressEvery) return;
        _lastStage = stage;
        _lastSaved = now;
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            using (await _writeLock.EnterBulkAsync(WriteHolder.JobProgress, CancellationToken.None))
            {
                await db.Jobs.Where(j => j.Id == JobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Stage, stage)
                .SetProperty(j => j.ProgressDone, done)
                .SetProperty(j => j.ProgressTotal, total)
                .SetProperty(j => j.HeartbeatAt, now), CancellationToken.None);
            }
            if (await db.Jobs.Where(j => j.Id == JobId).Select(j => j.CancelRequested).FirstOrDefaultAsync(CancellationToken.None))
            {
                await _cancel.CancelAsync();
            }
        }
        catch (DbException)
        {
            // Progress is a courtesy: a busy database must not fail the job itself.
        }
    }
}

/// <summary>A progress report as the command line shows it.</summary>
public sealed record JobProgress(string Stage, long Done, long Total)
{
    public double? Fraction => Total > 0 ? Math.Min(1, (double)Done / Total) : null;
}
