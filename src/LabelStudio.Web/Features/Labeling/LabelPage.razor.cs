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

/// <summary>The rater's loop: one reserved task at a time, submit or skip, the next one at once.</summary>
public sealed partial class LabelPage
{
    private Project? _project;
    private string? _projectName;
    private string _instructionsHtml = "";
    private bool _showInstructions = true;
    private TaskAssignment? _assignment;
    private LabelingConfiguration? _configuration;
    private JsonObject _data = [];
    private List<ResultItem> _result = [];
    private LabelingProgress? _progress;
    private LabelingScreen? _screen;
    private IReadOnlyList<string> _errors = [];
    private string _idempotencyKey = "";
    private long _shownAt;
    private bool _busy;
    private bool _loaded;
    private string? _loadError;
    private AccessProblem.Kinds _loadProblem = AccessProblem.Kinds.NotFound;
    private long? _loadedProject;
    private Actor? _actor;

    [Inject] private LabelingService Labeling { get; set; } = default!;

    [Inject] private ProjectService Projects { get; set; } = default!;

    [Inject] private LabelingConfigCache Configs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter] public long ProjectId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // Reserving a task during prerendering would do the work twice; the interactive render does it once.
        if (!RendererInfo.IsInteractive || _loadedProject == ProjectId)
        {
            return;
        }

        _loadedProject = ProjectId;
        _loaded = false;
        _loadError = null;
        _assignment = null;
        _progress = null;
        try
        {
            var state = AuthenticationState is null ? null : await AuthenticationState;
            _actor = state is null ? null : Actor.FromPrincipal(state.User);
            if (_actor?.UserId is null)
            {
                _loadError = "Sign in to label tasks.";
                return;
            }

            _project = await Projects.GetAsync(ProjectId, _actor);
            _projectName = _project.Name;
            _instructionsHtml = string.IsNullOrWhiteSpace(_project.Instructions) ? "" : InstructionsRenderer.ToSafeHtml(_project.Instructions);
            _showInstructions = _instructionsHtml.Length > 0;
            await LoadNextAsync();
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
        finally
        {
            _loaded = true;
        }
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
        _errors = [];
        _result = [];
        if (next is null)
        {
            _assignment = null;
            _configuration = null;
            _progress = await Labeling.ProgressAsync(ProjectId, _actor);
            return;
        }

        try
        {
            _configuration = Configs.Get(next.ProjectId, next.ConfigVersion, next.LabelConfigXml);
        }
        catch (DomainValidationException e)
        {
            _loadError = "This project's labeling configuration is invalid: " + string.Join("; ", e.Errors);
            return;
        }

        _data = ParseData(next.DataJson);
        _assignment = next;
        _progress = next.Progress;
        // One key per task shown: a double submit (or a retry after a lost reply) stores a single annotation.
        _idempotencyKey = Guid.NewGuid().ToString("N");
        _shownAt = Stopwatch.GetTimestamp();
    }

    private async Task SubmitAsync()
    {
        if (_busy || _assignment is null || _configuration is null || _actor is null)
        {
            return;
        }

        _screen?.ValidateRequired();
        var problems = AnnotationValidator.Validate(_configuration, _result, _data);
        if (problems.Count > 0)
        {
            _errors = problems;
            return;
        }

        _busy = true;
        _errors = [];
        try
        {
            var leadTime = Math.Round(Stopwatch.GetElapsedTime(_shownAt).TotalSeconds, 3);
            await Labeling.SubmitAsync(_assignment.TaskId, new SubmitRequest(_result, leadTime, _idempotencyKey), _actor);
            await LoadNextAsync();
        }
        catch (DomainValidationException e)
        {
            _errors = e.Errors;
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

    private Task SkipShortcutAsync() => _assignment?.AllowSkip == true ? SkipAsync() : Task.CompletedTask;

    private async Task SkipAsync()
    {
        if (_busy || _assignment is null || _actor is null)
        {
            return;
        }

        _busy = true;
        try
        {
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

    private void ClearErrors() => _errors = [];

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
}
