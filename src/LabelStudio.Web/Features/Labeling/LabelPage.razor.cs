using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Projects;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.Web.Components.Shared;
using LabelStudio.Web.Features.Labeling.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LabelStudio.Web.Features.Labeling;

/// <summary>
/// The rater's loop: one reserved task at a time, submit or skip, the next one at once. The answer is saved as a
/// draft while the rater works; a recent answer can be reopened and revised. Validation happens once, on the server,
/// and each problem is shown next to its control.
/// </summary>
public sealed partial class LabelPage
{
    private static readonly TimeSpan DraftDelay = TimeSpan.FromMilliseconds(700);

    private Project? _project;
    private string? _projectName;
    private string _instructionsHtml = "";
    private bool _showInstructions = true;
    private TaskAssignment? _assignment;
    private RevisionAssignment? _revision;
    private LabelingConfiguration? _configuration;
    private JsonObject _data = [];
    private List<ResultItem> _result = [];
    private IReadOnlyCollection<string> _noEntities = [];
    private LabelingProgress? _progress;
    private LabelingScreen? _screen;
    private IReadOnlyDictionary<string, string[]>? _errors;
    private IReadOnlyList<string> _generalErrors = [];
    private IReadOnlyList<LabelsControl>? _confirmEmpty;
    private IReadOnlyList<SubmissionView>? _recent;
    private bool _showRecent;
    private bool _suggested;
    private string _idempotencyKey = "";
    private string _draftStatus = "";
    private long _shownAt;
    private double _earlierLeadTime;
    private bool _busy;
    private bool _loaded;
    private string? _loadError;
    private AccessProblem.Kinds _loadProblem = AccessProblem.Kinds.NotFound;
    private long? _loadedProject;
    private Actor? _actor;
    private DraftAutosave? _autosave;
    private bool _disposed;

    [Inject] private LabelingService Labeling { get; set; } = default!;

    [Inject] private DraftService Drafts { get; set; } = default!;

    [Inject] private RevisionService Revisions { get; set; } = default!;

    [Inject] private ProjectService Projects { get; set; } = default!;

    [Inject] private LabelingConfigCache Configs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter] public long ProjectId { get; set; }

    private long? ShownTaskId => _revision?.TaskId ?? _assignment?.TaskId;

    protected override async Task OnParametersSetAsync()
    {
        // Prerendering shows the project, or why it cannot be opened, but reserves nothing: the interactive render
        // reserves the task, once.
        if (!RendererInfo.IsInteractive)
        {
            await LoadProjectAsync();
            return;
        }
        if (_loadedProject == ProjectId)
        {
            return;
        }

        _loadedProject = ProjectId;
        _loaded = false;
        _loadError = null;
        _assignment = null;
        _revision = null;
        _progress = null;
        _autosave ??= new DraftAutosave(ct => InvokeAsync(() => SaveDraftAsync(ct)), DraftDelay);
        try
        {
            if (await LoadProjectAsync()) await LoadNextAsync();
        }
        finally
        {
            _loaded = true;
        }
    }

    private async Task<bool> LoadProjectAsync()
    {
        try
        {
            var state = AuthenticationState is null ? null : await AuthenticationState;
            _actor = state is null ? null : Actor.FromPrincipal(state.User);
            if (_actor?.UserId is null)
            {
                _loadError = "Sign in to label tasks.";
                return false;
            }

            _project = await Projects.GetAsync(ProjectId, _actor);
            _projectName = _project.Name;
            _instructionsHtml = string.IsNullOrWhiteSpace(_project.Instructions) ? "" : InstructionsRenderer.ToSafeHtml(_project.Instructions);
            _showInstructions = _instructionsHtml.Length > 0;
            // Labeling needs membership (administrators included); this checks it without reserving anything.
            _progress = await Labeling.ProgressAsync(ProjectId, _actor);
            try
            {
                // Checked before reserving: a task nobody can label should stay in the pool.
                Configs.Get(_project.Id, _project.LabelConfigVersion, _project.LabelConfigXml);
            }
            catch (DomainValidationException e)
            {
                _loadError = "This project's labeling configuration is invalid: " + string.Join("; ", e.Errors);
                return false;
            }
            return true;
        }
        catch (NotFoundException)
        {
            _loadError = "This project does not exist, or you are not a member of it.";
        }
        catch (AccessDeniedException e)
        {
            _loadError = e.Message;
            _loadProblem = AccessProblem.Kinds.Paused;
        }
        return false;
    }

    /// <summary>Shows the next reserved task, or the all-done state; a lost membership becomes a page error.</summary>
    private async Task LoadNextAsync()
    {
        try
        {
            await ShowNextAsync();
        }
        catch (NotFoundException)
        {
            _loadError = "This project does not exist, or you are not a member of it.";
        }
        catch (AccessDeniedException e)
        {
            _loadError = e.Message;
            _loadProblem = AccessProblem.Kinds.Paused;
        }
    }

    private async Task ShowNextAsync()
    {
        if (_actor is null)
        {
            return;
        }

        var next = await Labeling.NextAsync(ProjectId, _actor);
        ResetAnswer();
        _revision = null;
        if (next is null)
        {
            _assignment = null;
            _configuration = null;
            _progress = await Labeling.ProgressAsync(ProjectId, _actor);
            return;
        }

        if (!TryUseConfiguration(next.ProjectId, next.ConfigVersion, next.LabelConfigXml))
        {
            return;
        }

        _data = ParseData(next.DataJson);
        _assignment = next;
        _progress = next.Progress;
        if (next.Draft is { } draft)
        {
            _result = [.. draft.Result];
            _noEntities = draft.NoEntities;
            _earlierLeadTime = draft.LeadTimeSeconds;
            _draftStatus = "Draft restored";
        }
        else if (next.Suggestion is { Count: > 0 } suggestion)
        {
            _result = [.. suggestion];
            _suggested = true;
        }

        StartTask();
    }

    private async Task OpenRevisionAsync(long annotationId)
    {
        if (_actor is null || _busy)
        {
            return;
        }

        await _autosave!.FlushAsync();
        try
        {
            var revision = await Revisions.OpenAsync(annotationId, _actor);
            if (!TryUseConfiguration(revision.ProjectId, revision.ConfigVersion, revision.LabelConfigXml))
            {
                return;
            }

            ResetAnswer();
            _revision = revision;
            _data = ParseData(revision.DataJson);
            var draft = revision.Draft;
            _result = [.. draft?.Result ?? revision.Result];
            _noEntities = draft?.NoEntities ?? revision.NoEntities;
            _draftStatus = draft is null ? "" : "Draft restored";
            StartTask();
        }
        catch (Exception e) when (e is NotFoundException or ConflictException)
        {
            Snackbar.Add(e.Message, Severity.Warning);
            await LoadRecentAsync();
        }
    }

    private async Task CancelRevisionAsync()
    {
        await _autosave!.CancelAsync();
        if (_revision is { } revision && _actor is not null)
        {
            await Drafts.DeleteAsync(revision.TaskId, _actor);
        }

        await LoadNextAsync();
    }

    private bool TryUseConfiguration(long projectId, int version, string xml)
    {
        try
        {
            _configuration = Configs.Get(projectId, version, xml);
            return true;
        }
        catch (DomainValidationException e)
        {
            _loadError = "This project's labeling configuration is invalid: " + string.Join("; ", e.Errors);
            return false;
        }
    }

    private void ResetAnswer()
    {
        _errors = null;
        _generalErrors = [];
        _confirmEmpty = null;
        _result = [];
        _noEntities = [];
        _suggested = false;
        _earlierLeadTime = 0;
        _draftStatus = "";
    }

    private void StartTask()
    {
        // One key per task shown: a double submit (or a retry after a lost reply) stores a single annotation.
        _idempotencyKey = Guid.NewGuid().ToString("N");
        _shownAt = Stopwatch.GetTimestamp();
    }

    private double LeadTime => Math.Round(_earlierLeadTime + Stopwatch.GetElapsedTime(_shownAt).TotalSeconds, 3);

    private void OnResultChanged(List<ResultItem> result)
    {
        _result = result;
        AnswerChanged();
    }

    private void OnNoEntitiesChanged(IReadOnlyCollection<string> noEntities)
    {
        _noEntities = noEntities;
        AnswerChanged();
    }

    private void AnswerChanged()
    {
        _errors = null;
        _generalErrors = [];
        _confirmEmpty = null;
        _draftStatus = "Saving draft…";
        _autosave?.Changed();
    }

    private async Task SaveDraftAsync(CancellationToken ct)
    {
        var taskId = ShownTaskId;
        if (_actor is null || taskId is null)
        {
            return;
        }

        try
        {
            await Drafts.SaveAsync(taskId.Value, new DraftRequest(_result, [.. _noEntities], _revision?.AnnotationId, LeadTime), _actor, ct);
            _draftStatus = $"Draft saved {DateTime.Now:HH:mm:ss}";
        }
        catch (Exception e) when (e is DomainValidationException or NotFoundException)
        {
            _draftStatus = "Draft not saved: " + e.Message;
        }
        catch (OperationCanceledException)
        {
        }

        if (!_disposed)
        {
            StateHasChanged();
        }
    }

    private async Task SubmitAsync()
    {
        if (_busy || _configuration is null || _actor is null || ShownTaskId is null)
        {
            return;
        }

        // An empty answer on a span control is a decision worth one more look: ask before recording "no entities".
        var empty = _configuration.Controls.OfType<LabelsControl>()
            .Where(c => !_noEntities.Contains(c.Name) && _result.All(r => r.FromName != c.Name)).ToList();
        if (empty.Count > 0)
        {
            if (_confirmEmpty is { } asked && asked.SequenceEqual(empty))
            {
                await ConfirmEmptyAsync(); // Ctrl+Enter pressed again on the question
                return;
            }

            _confirmEmpty = empty;
            return;
        }

        await SendAsync();
    }

    private async Task ConfirmEmptyAsync()
    {
        if (_confirmEmpty is not { Count: > 0 } empty)
        {
            return;
        }

        _noEntities = [.. _noEntities.Union(empty.Select(c => c.Name))];
        _confirmEmpty = null;
        await SendAsync();
    }

    private async Task SendAsync()
    {
        _busy = true;
        _errors = null;
        _generalErrors = [];
        try
        {
            await _autosave!.CancelAsync();
            var request = new SubmitRequest(_result, LeadTime, _idempotencyKey, [.. _noEntities]);
            if (_revision is { } revision)
            {
                await Revisions.ReviseAsync(revision.AnnotationId, request, _actor!);
                Snackbar.Add($"Your revised answer on task {revision.TaskId} is saved.", Severity.Success);
                if (_showRecent)
                {
                    await LoadRecentAsync();
                }
            }
            else
            {
                await Labeling.SubmitAsync(_assignment!.TaskId, request, _actor!);
            }

            await LoadNextAsync();
        }
        catch (DomainValidationException e)
        {
            ShowErrors(e);
        }
        catch (ConflictException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
            await LoadNextAsync();
        }
        catch (NotFoundException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
            await LoadNextAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// Each problem keyed by a control is shown next to it; all of them are also listed above the task (a control may be
    /// far below a long text), each with the name of its control.
    /// </summary>
    private void ShowErrors(DomainValidationException e)
    {
        var byKey = e.ByKey ?? new Dictionary<string, string[]> { [AnnotationValidator.ResultKey] = [.. e.Errors] };
        _errors = byKey;
        _generalErrors = byKey.SelectMany(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
    }

    private Task SkipShortcutAsync() => _revision is null && _assignment?.AllowSkip == true ? SkipAsync() : Task.CompletedTask;

    private async Task SkipAsync()
    {
        if (_busy || _assignment is null || _actor is null)
        {
            return;
        }

        _busy = true;
        try
        {
            await _autosave!.CancelAsync();
            await Labeling.SkipAsync(_assignment.TaskId, _idempotencyKey, _actor);
            await LoadNextAsync();
        }
        catch (ConflictException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
        catch (NotFoundException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
            await LoadNextAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ToggleRecentAsync()
    {
        _showRecent = !_showRecent;
        if (_showRecent)
        {
            await LoadRecentAsync();
        }
    }

    private async Task LoadRecentAsync()
    {
        if (_actor is null)
        {
            return;
        }

        _recent = null;
        try
        {
            _recent = await Revisions.RecentAsync(ProjectId, 20, _actor);
        }
        catch (NotFoundException e)
        {
            _loadError = e.Message;
        }
    }

    private void ToggleInstructions() => _showInstructions = !_showInstructions;

    private static JsonObject ParseData(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_autosave is not null)
        {
            // Leaving the page (or losing the connection) keeps what was typed last.
            try
            {
                await _autosave.FlushAsync();
            }
            catch (ObjectDisposedException)
            {
            }

            await _autosave.DisposeAsync();
        }
    }
}
