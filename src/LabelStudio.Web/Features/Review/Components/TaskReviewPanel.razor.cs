using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using LabelStudio.Web.Features.Labeling.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace LabelStudio.Web.Features.Review.Components;

public enum ReviewPanelMode { Queue, Browser }

/// <summary>
/// Shows one task to a lead and takes their decision. The parent decides what comes next (the queue opens the next
/// conflict at once; the task browser reloads the task). Keys: 1–9 accept, E edit, M more ratings, I invalid,
/// G gold on/off, N/J next, K previous, C comment, ? help, Esc cancels an edit.
/// </summary>
public sealed partial class TaskReviewPanel : IAsyncDisposable
{
    private LabelingConfiguration? _config;
    private IReadOnlyList<ConsensusControl> _controls = [];
    private JsonObject _data = [];
    private string? _spanText;
    private List<AnnotationDetail> _raters = [];
    private Dictionary<long, IReadOnlyList<ResultItem>> _results = [];
    private string _viewKey = ViewKeys.Task;
    private List<ResultItem> _viewResult = [];
    private List<ResultItem> _editResult = [];
    private IReadOnlyList<ResultItem> _editSeed = [];
    private LabelsControl? _spans;
    private IReadOnlyList<OverlayRater> _overlayRaters = [];
    private string? _comment;
    private bool _saveAsGold;
    private int _extra = 1;
    private bool _editing;
    private bool _busy;
    private bool _showHelp;
    private IReadOnlyList<string> _errors = [];
    private long? _shownTask;
    private DotNetObjectReference<TaskReviewPanel>? _self;
    private int? _jsHandle;
    private bool _disposed;

    [Inject] private ResolutionService Resolutions { get; set; } = default!;
    [Inject] private LabelingConfigCache Configs { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public TaskDetail Detail { get; set; } = default!;
    [Parameter] public ReviewPanelMode Mode { get; set; } = ReviewPanelMode.Queue;
    [Parameter] public bool KeysEnabled { get; set; } = true;
    [Parameter] public EventCallback<ResolveResult> OnResolved { get; set; }
    [Parameter] public EventCallback OnNext { get; set; }
    [Parameter] public EventCallback OnPrevious { get; set; }

    private TaskState State => ReviewText.ToTaskState(Detail.Final.State);

    private IEnumerable<(string Key, string Label)> ViewChoices
    {
        get
        {
            yield return (ViewKeys.Task, "Task only");
            for (var i = 0; i < _raters.Count; i++) yield return (ViewKeys.Annotation(_raters[i].Id), _raters[i].Name);
            if (Detail.Majority is { NoMajority: false }) yield return (ViewKeys.Majority, "Majority");
            if (Detail.DawidSkene is { NoMajority: false }) yield return (ViewKeys.DawidSkene, "Dawid–Skene");
            if (Detail.Final.HasLabel) yield return (ViewKeys.Final, "Final");
        }
    }

    protected override void OnParametersSet()
    {
        if (_shownTask == Detail.TaskId && _config is not null && ReferenceEquals(_lastDetail, Detail)) return;
        var newTask = _shownTask != Detail.TaskId;
        _lastDetail = Detail;
        _shownTask = Detail.TaskId;
        _config = Configs.Get(Detail.ProjectId, Detail.ConfigVersion, Detail.LabelConfigXml);
        _controls = ConsensusControl.From(_config);
        _data = JsonNode.Parse(Detail.DataJson) as JsonObject ?? [];
        _spanText = AnnotationMapping.SpanText(_controls, _data);
        _raters = [.. Detail.Annotations.Where(a => a.RaterKey is not null && !a.Skipped && a.Current)];
        _results = _raters.ToDictionary(a => a.Id, a => Parse(a.ResultJson));
        // Span projects: the overlay lanes follow the side-by-side columns (lane 1 is key 1).
        _spans = _config.Controls.OfType<LabelsControl>().FirstOrDefault(l => _config.FindObject(l.ToName) is TextObject);
        _overlayRaters = [.. _raters.Select(r => new OverlayRater(r.Name, _results[r.Id]))];
        if (newTask)
        {
            _viewKey = ViewKeys.Task;
            _comment = null;
            _saveAsGold = false;
            _extra = 1;
            _editing = false;
            _errors = [];
        }
        _viewResult = ResultFor(_viewKey);
    }

    private TaskDetail? _lastDetail;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed || !KeysEnabled || _jsHandle is not null) return;
        try
        {
            _self = DotNetObjectReference.Create(this);
            _jsHandle = await JS.InvokeAsync<int>("labelStudio.review.attach", _self);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    [JSInvokable]
    public async Task OnReviewKey(string key)
    {
        if (_busy) return;
        switch (key)
        {
            case "Escape":
                if (_editing) await CancelEditAsync();
                else _showHelp = false;
                break;
            case var digit when digit.Length == 1 && char.IsAsciiDigit(digit[0]) && digit[0] != '0':
                var index = digit[0] - '1';
                if (index < _raters.Count) await AcceptAsync(_raters[index]);
                break;
            case "e":
                StartEdit();
                break;
            case "m":
                await MoreRatingsAsync();
                break;
            case "i":
                await InvalidAsync();
                break;
            case "g":
                _saveAsGold = !_saveAsGold;
                break;
            case "n" or "j":
                await OnNext.InvokeAsync();
                break;
            case "k":
                await OnPrevious.InvokeAsync();
                break;
            case "c":
                await JsSafeAsync("labelStudio.review.focus", "#review-comment");
                break;
            case "?":
                _showHelp = !_showHelp;
                break;
        }
        StateHasChanged();
    }

    private void ShowView(string key)
    {
        _viewKey = key;
        _viewResult = ResultFor(key);
    }

    private List<ResultItem> ResultFor(string key) => key switch
    {
        ViewKeys.Majority => [.. Parse(Detail.Majority?.ResultJson)],
        ViewKeys.DawidSkene => [.. Parse(Detail.DawidSkene?.ResultJson)],
        ViewKeys.Final => [.. Detail.Final.Result],
        ViewKeys.Task => [],
        _ => _raters.FirstOrDefault(r => ViewKeys.Annotation(r.Id) == key) is { } rater ? [.. _results[rater.Id]] : [],
    };

    private void StartEdit()
    {
        if (_editing) return;
        // Start from what is on screen, else the majority: the lead usually changes one control.
        var start = _viewKey == ViewKeys.Task ? ResultFor(ViewKeys.Majority) : ResultFor(_viewKey);
        _editResult = [.. start];
        _editSeed = _editResult;
        _editing = true;
        _errors = [];
        _ = JsSafeAsync("labelStudio.review.enable", _jsHandle ?? 0, false);
    }

    private async Task CancelEditAsync()
    {
        _editing = false;
        _errors = [];
        await JsSafeAsync("labelStudio.review.enable", _jsHandle ?? 0, true);
    }

    private Task CancelEdit() => CancelEditAsync();

    private async Task SaveEditAsync()
    {
        var problems = AnnotationValidator.Validate(_config!, _editResult, _data);
        if (problems.Count > 0)
        {
            _errors = problems;
            return;
        }
        if (await ResolveAsync(new ResolutionRequest(ResolutionDecision.Edit, Result: _editResult, Comment: _comment, SaveAsGold: _saveAsGold),
                "Saved your answer"))
        {
            await CancelEditAsync();
        }
    }

    private Task AcceptAsync(AnnotationDetail rater) =>
        ResolveAsync(new ResolutionRequest(ResolutionDecision.Accept, AnnotationId: rater.Id, Comment: _comment, SaveAsGold: _saveAsGold),
            $"Accepted {rater.Name}'s answer");

    private Task MoreRatingsAsync() =>
        ResolveAsync(new ResolutionRequest(ResolutionDecision.MoreRatings, Extra: _extra, Comment: _comment),
            _extra == 1 ? "Asked for 1 more rating" : $"Asked for {_extra} more ratings");

    private Task InvalidAsync() =>
        ResolveAsync(new ResolutionRequest(ResolutionDecision.Invalid, Comment: _comment), "Marked invalid");

    private async Task<bool> ResolveAsync(ResolutionRequest request, string done)
    {
        if (_busy || AuthState is null) return false;
        _busy = true;
        _errors = [];
        try
        {
            var actor = Actor.FromPrincipal((await AuthState).User);
            var result = await Resolutions.ResolveAsync(Detail.TaskId, request, actor);
            Snackbar.Add($"{Detail.Name}: {done}.", Severity.Success);
            await OnResolved.InvokeAsync(result);
            return true;
        }
        catch (DomainValidationException e)
        {
            _errors = e.Errors;
        }
        catch (ConflictException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
        catch (Exception e) when (e is AccessDeniedException or NotFoundException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        return false;
    }

    private async Task JsSafeAsync(string identifier, params object[] args)
    {
        try
        {
            await JS.InvokeVoidAsync(identifier, args);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private static IReadOnlyList<ResultItem> Parse(string? json) =>
        json is not null && ResultJson.TryParse(json, out var result, out _) ? result : [];

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_jsHandle is { } handle)
        {
            await JsSafeAsync("labelStudio.review.detach", handle);
        }
        _self?.Dispose();
    }
}
