using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Quality;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Quality;

/// <summary>
/// The recompute's re-score reads a chunk's answers before it queues for the writer. A rater who revises an answer in
/// between gets their task re-scored at once; the recompute must not then overwrite that outcome with one computed from
/// the answers it read before. The revision is made exactly in that gap: when the re-score's read has run (an EF Core
/// diagnostic event), before the chunk is written.
/// </summary>
public sealed class RecomputeRaceTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Recompute_RaterRevisesWhileTheChunkWaits_KeepsTheOutcomeOfTheRevisedAnswers()
    {
        var project = await _s.ProjectAsync("Race", 3, "one");
        var task = await _s.ChoicesAsync(project, "Positive", "Positive", "Negative");
        await _s.WaitForSnapshotAsync(project, ratings: 3);
        var carolsAnswer = await _s.App.QueryAsync(db => db.Annotations.Where(a => a.TaskId == task && a.UserId == _s.RaterIds[2])
            .Select(a => a.Id).SingleAsync());
        var before = await AgreementAsync(task);

        HttpStatusCode? revised = null;
        using var gap = new RescoreReadObserver(_s.App.Database.FilePath, () =>
        {
            // Carol changes her mind: the task is now unanimous, and her submit re-scores it.
            var response = _s.Raters[2].PostAsync($"/api/annotations/{carolsAnswer}/revisions", ReviewScenario.Json(
                TestApp.ChoiceResult("Positive"))).GetAwaiter().GetResult();
            revised = response.StatusCode;
        });
        using (var scope = _s.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(project);
        }

        Assert.Equal(HttpStatusCode.Created, revised);
        var after = await AgreementAsync(task);
        Assert.NotEqual(before, after);
        Assert.Equal(1.0, after);
    }

    private Task<double?> AgreementAsync(long task) =>
        _s.App.QueryAsync(db => db.TaskOutcomes.Where(o => o.TaskId == task).Select(o => o.AgreementScore).SingleAsync());

    /// <summary>Runs an action once, right after the re-score's read of answers ran against this database file.</summary>
    private sealed class RescoreReadObserver : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _file;
        private readonly Action _action;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private int _fired;

        public RescoreReadObserver(string file, Action action)
        {
            _file = file;
            _action = action;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key != RelationalEventId.CommandExecuted.Name || e.Value is not CommandExecutedEventData data) return;
            if (!data.Command.CommandText.Contains(QualityRecomputer.RescoreReadTag, StringComparison.Ordinal)) return;
            if (!string.Equals(data.Command.Connection?.DataSource, _file, StringComparison.Ordinal)) return;
            if (Interlocked.Exchange(ref _fired, 1) == 0) _action();
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
