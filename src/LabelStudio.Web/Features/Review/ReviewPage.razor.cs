using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using LabelStudio.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LabelStudio.Web.Features.Review;

/// <summary>
/// The review queue of a project: open conflicts highest priority first, filtered by reason, label, rater and batch,
/// with a count that follows other leads' decisions and new conflicts live. The first conflict opens at once, and after
/// each decision the next one does.
/// </summary>
public sealed partial class ReviewPage : IDisposable
{
    private const int PageSize = 25;
    private static readonly string[] Reasons = ["Tie", "LowShare", "LowPosterior", "LowAgreement", "GoldDisagreement"];

    private Actor? _actor;
    private string? _projectName;
    private AccessProblem.Kinds? _problem;
    private ConflictFilter _filter = ConflictFilter.None;
    private ConflictPage? _queue;
    private int _count;
    private int _queuePage = 1;
    private ReviewSummary? _summary;
    private TaskDetail? _detail;
    private bool _gone;
    private readonly Stack<long> _previous = new();
    private readonly HashSet<long> _decidedHere = [];
    private IReadOnlyList<string> _labels = [];
    private IReadOnlyList<RaterGoldStats> _raters = [];
    private IReadOnlyList<RaterName> _importedRaters = [];
    private IReadOnlyList<BatchOption> _batches = [];
    private List<BreadcrumbItem> _breadcrumbs = [new("Projects", "/")];
    private bool _subscribed;

    [Inject] private ProjectService Projects { get; set; } = default!;
    [Inject] private ConflictQueueService Conflicts { get; set; } = default!;
    [Inject] private TaskDetailService Tasks { get; set; } = default!;
    [Inject] private TaskBrowserService Browser { get; set; } = default!;
    [Inject] private ReviewStatsService Stats { get; set; } = default!;
    [Inject] private GoldCheckService GoldChecks { get; set; } = default!;
    [Inject] private LabelingConfigCache Configs { get; set; } = default!;
    [Inject] private ReviewNotifier Notifier { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public long ProjectId { get; set; }

    [SupplyParameterFromQuery(Name = "task")] public long? TaskParameter { get; set; }

    private bool FilterActive => _filter != ConflictFilter.None;

    protected override async Task OnParametersSetAsync()
    {
        _actor = Actor.FromPrincipal((await AuthState).User);
        try
        {
            var project = await Projects.GetAsync(ProjectId, _actor);
            _projectName = project.Name;
            _breadcrumbs = [new("Projects", "/"), new(project.Name, $"/projects/{ProjectId}"), new("Review", null, disabled: true)];
            var config = Configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
            _labels = [.. ConsensusControl.From(config).Where(c => c.Kind != ConsensusKind.Text && c.Kind != ConsensusKind.Numeric)
                .SelectMany(c => c.Categories).Distinct(StringComparer.Ordinal)];
            await LoadQueueAsync();
            _raters = await GoldChecks.ListAsync(ProjectId, _actor);
            _importedRaters = await Conflicts.ImportedRatersAsync(ProjectId, _actor);
            _batches = await Browser.BatchesAsync(ProjectId, _actor);
            var first = TaskParameter ?? _queue!.Items.FirstOrDefault()?.TaskId;
            if (first is { } id) await ShowAsync(id);
        }
        catch (NotFoundException)
        {
            _problem = AccessProblem.Kinds.NotFound;
        }
        catch (AccessDeniedException)
        {
            _problem = AccessProblem.Kinds.Denied;
        }
        if (!_subscribed && _problem is null)
        {
            Notifier.Changed += OnReviewChanged;
            _subscribed = true;
        }
    }

    private async Task LoadQueueAsync()
    {
        _queue = await Conflicts.ListAsync(ProjectId, _filter, _queuePage, PageSize, _actor!);
        if (_queue.Items.Count == 0 && _queuePage > 1)
        {
            _queuePage = 1;
            _queue = await Conflicts.ListAsync(ProjectId, _filter, 1, PageSize, _actor!);
        }
        _count = _queue.Total;
        _summary = await Stats.SummaryAsync(ProjectId, _actor!);
    }

    private async Task ShowAsync(long taskId)
    {
        try
        {
            _detail = await Tasks.GetAsync(taskId, _actor!);
            _gone = false;
        }
        catch (NotFoundException)
        {
            _detail = null;
        }
    }

    private async Task OpenAsync(long taskId)
    {
        if (_detail is { } current && current.TaskId != taskId) _previous.Push(current.TaskId);
        await ShowAsync(taskId);
    }

    private async Task SetFilterAsync(ConflictFilter filter)
    {
        _filter = filter;
        _queuePage = 1;
        await LoadQueueAsync();
        if (_queue!.Items.FirstOrDefault() is { } first && (_detail is null || _queue.Items.All(i => i.TaskId != _detail.TaskId)))
        {
            await OpenAsync(first.TaskId);
        }
    }

    private async Task QueuePageAsync(int page)
    {
        _queuePage = page;
        await LoadQueueAsync();
    }

    private async Task ResolvedAsync(ResolveResult result)
    {
        _decidedHere.Add(result.Resolution.TaskId);
        await LoadQueueAsync();
        await OpenNextAsync(except: result.Resolution.TaskId);
    }

    private Task OpenNextAsync() => OpenNextAsync(_detail?.TaskId);

    /// <summary>The highest-priority conflict other than the one just decided (or skipped), or nothing.</summary>
    private async Task OpenNextAsync(long? except)
    {
        var next = await Conflicts.NextAsync(ProjectId, _filter, except is { } e ? [e] : [], _actor!);
        if (next is { } id)
        {
            await OpenAsync(id);
        }
        else
        {
            if (_detail is { } current) _previous.Push(current.TaskId);
            _detail = null;
            _gone = false;
        }
    }

    /// <summary>Skip: the conflict after the current one in the list, wrapping around.</summary>
    private async Task SkipAsync()
    {
        var items = _queue?.Items ?? [];
        if (items.Count == 0) return;
        var index = _detail is null ? -1 : items.ToList().FindIndex(i => i.TaskId == _detail.TaskId);
        var next = items[(index + 1) % items.Count].TaskId;
        if (next != _detail?.TaskId) await OpenAsync(next);
    }

    private async Task PreviousAsync()
    {
        if (_previous.Count == 0) return;
        await ShowAsync(_previous.Pop());
    }

    private async Task ResumeAsync(string userId)
    {
        await GoldChecks.ResumeAsync(ProjectId, userId, _actor!);
        Snackbar.Add("The rater can continue labeling.", Severity.Success);
        _summary = await Stats.SummaryAsync(ProjectId, _actor!);
    }

    private void OnReviewChanged(ReviewChange change)
    {
        if (change.ProjectId != ProjectId) return;
        _ = InvokeAsync(async () =>
        {
            try
            {
                await LoadQueueAsync();
                if (_detail is { } current && change.TaskId == current.TaskId && change.Kind == ReviewChangeKind.Resolved
                    && !_decidedHere.Contains(current.TaskId))
                {
                    _gone = true;
                }
                else if (_detail is null && _queue!.Items.FirstOrDefault() is { } first)
                {
                    // A lead waiting on an empty queue gets the new conflict at once.
                    await ShowAsync(first.TaskId);
                }
                StateHasChanged();
            }
            catch (ObjectDisposedException)
            {
                // The circuit went away while the queue was reloading.
            }
        });
    }

    public void Dispose()
    {
        if (_subscribed) Notifier.Changed -= OnReviewChanged;
    }
}
