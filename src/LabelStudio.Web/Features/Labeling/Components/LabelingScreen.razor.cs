using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>
/// Renders a labeling configuration for one task and edits its Label Studio result. Used by the rater's page, the
/// configuration editor's live preview, and (seeded with chosen spans, hotkeys off) as a lead's compose editor: every
/// behaviour is driven by parameters. Spans: select text then press a label (or arm a label, then select); click a
/// region, or Tab through them, to relabel or delete it; Ctrl+Z and Ctrl+Shift+Z undo and redo.
/// </summary>
public sealed partial class LabelingScreen : IAsyncDisposable
{
    private readonly Dictionary<string, string> _notices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Start, int End)> _pendingSelection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _activeLabel = new(StringComparer.Ordinal);
    private readonly EditHistory _history = new();
    private Dictionary<string, HotkeyTarget> _hotkeys = new(StringComparer.OrdinalIgnoreCase);
    private List<ResultItem> _result = [];
    private HashSet<string> _noEntities = new(StringComparer.Ordinal);
    private List<ResultItem>? _lastResultParameter;
    private IReadOnlyCollection<string>? _lastNoEntitiesParameter;
    private LabelingConfiguration? _configuredFor;
    private long? _shownTaskId;
    private string? _selectedRegion;
    private bool _showShortcuts;
    private ElementReference _root;
    private DotNetObjectReference<LabelingScreen>? _selfReference;
    private int _jsHandle;
    private string? _jsOptionsSent;
    private string? _scrollTo;
    private bool _disposed;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public LabelingConfiguration Configuration { get; set; } = default!;

    [Parameter] public JsonObject Data { get; set; } = [];

    [Parameter] public List<ResultItem> Result { get; set; } = [];

    [Parameter] public EventCallback<List<ResultItem>> ResultChanged { get; set; }

    /// <summary>The Labels controls answered with "no entities" (two-way, like <see cref="Result"/>).</summary>
    [Parameter] public IReadOnlyCollection<string>? NoEntities { get; set; }

    [Parameter] public EventCallback<IReadOnlyCollection<string>> NoEntitiesChanged { get; set; }

    /// <summary>Offer the "No entities" answer on Labels controls (off in a lead's compose editor).</summary>
    [Parameter] public bool ShowNoEntities { get; set; } = true;

    [Parameter] public bool ReadOnly { get; set; }

    [Parameter] public bool EnableHotkeys { get; set; } = true;

    /// <summary>Show the hotkey badges even when the keys are not attached (a preview of what raters will see).</summary>
    [Parameter] public bool? ShowHotkeyBadges { get; set; }

    /// <summary>Problems by control name (validation problem details' <c>errors</c>), each shown next to its control.</summary>
    [Parameter] public IReadOnlyDictionary<string, string[]>? Errors { get; set; }

    /// <summary>Rendered as <c>data-task-id</c> on the root so tests can tell tasks apart.</summary>
    [Parameter] public long? TaskId { get; set; }

    /// <summary>Raised by Ctrl+Enter. Without a delegate the shortcut is left to the browser.</summary>
    [Parameter] public EventCallback OnSubmitShortcut { get; set; }

    /// <summary>Raised by Ctrl+Space. Without a delegate the shortcut is left to the browser.</summary>
    [Parameter] public EventCallback OnSkipShortcut { get; set; }

    /// <summary>The result as currently edited (the same list last sent through <see cref="ResultChanged"/>).</summary>
    public IReadOnlyList<ResultItem> CurrentResult => _result;

    /// <summary>The Labels controls currently answered with "no entities".</summary>
    public IReadOnlySet<string> CurrentNoEntities => _noEntities;

    public bool CanUndo => _history.CanUndo;

    public bool CanRedo => _history.CanRedo;

    internal bool IsReadOnly => ReadOnly;

    internal bool HotkeysShown => !ReadOnly && (ShowHotkeyBadges ?? EnableHotkeys);

    internal bool ShortcutsVisible => _showShortcuts;

    internal bool KeysAttached => EnableHotkeys && !ReadOnly;

    internal IReadOnlyDictionary<string, HotkeyTarget> Hotkeys => _hotkeys;

    internal bool HasSubmit => OnSubmitShortcut.HasDelegate;

    internal bool HasSkip => OnSkipShortcut.HasDelegate;

    internal string? SelectedRegion => _selectedRegion;

    protected override void OnParametersSet()
    {
        var taskChanged = !ReferenceEquals(Configuration, _configuredFor) || TaskId != _shownTaskId;
        if (!ReferenceEquals(Configuration, _configuredFor))
        {
            _configuredFor = Configuration;
            _hotkeys = HotkeyMap.Build(Configuration);
        }

        if (taskChanged)
        {
            ResetTaskState();
        }

        _shownTaskId = TaskId;
        if (!ReferenceEquals(Result, _lastResultParameter))
        {
            _lastResultParameter = Result;
            _result = Result is null ? [] : [.. Result];
            if (!taskChanged && _selectedRegion is not null && _result.All(r => r.Id != _selectedRegion))
            {
                _selectedRegion = null;
            }
        }

        if (!ReferenceEquals(NoEntities, _lastNoEntitiesParameter))
        {
            _lastNoEntitiesParameter = NoEntities;
            _noEntities = new HashSet<string>(NoEntities ?? [], StringComparer.Ordinal);
        }
    }

    // The page keeps one screen for the whole session (so hotkeys stay attached and a key pressed the moment the
    // next task appears is not lost); per-task state is cleared when the task changes.
    private void ResetTaskState()
    {
        _notices.Clear();
        _pendingSelection.Clear();
        _activeLabel.Clear();
        _history.Clear();
        _selectedRegion = null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }

        var options = new JsOptions(EnableHotkeys && !ReadOnly, _hotkeys.Keys.Select(k => k.ToLowerInvariant()).ToArray(),
            _hotkeys.Where(h => h.Value.Control is LabelsControl).Select(h => h.Key.ToLowerInvariant()).ToArray(),
            !ReadOnly && EnableHotkeys, !ReadOnly, OnSubmitShortcut.HasDelegate, OnSkipShortcut.HasDelegate);
        var serialized = JsonSerializer.Serialize(options);
        try
        {
            if (_selfReference is null)
            {
                _selfReference = DotNetObjectReference.Create(this);
                _jsOptionsSent = serialized;
                _jsHandle = await JS.InvokeAsync<int>("labelStudio.labeling.attach", _selfReference, _root, options);
            }
            else if (serialized != _jsOptionsSent)
            {
                _jsOptionsSent = serialized;
                await JS.InvokeVoidAsync("labelStudio.labeling.configure", _jsHandle, options);
            }

            if (_scrollTo is { } id)
            {
                _scrollTo = null;
                await JS.InvokeVoidAsync("labelStudio.labeling.showRegion", _jsHandle, id);
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>Called by labeling.js for a bound key pressed outside a text input.</summary>
    [JSInvokable]
    public async Task OnHotkey(string key)
    {
        if (ReadOnly || !EnableHotkeys || !_hotkeys.TryGetValue(key, out var target))
        {
            return;
        }

        switch (target)
        {
            case { Control: ChoicesControl choices, Value: { } choice }:
                await ToggleChoiceAsync(choices, choice);
                break;
            case { Control: LabelsControl labels, Value: { } label }:
                await ApplyLabelAsync(labels, label);
                break;
            case { Control: RatingControl rating, Rating: { } stars }:
                await SetRatingAsync(rating, stars);
                break;
        }

        StateHasChanged();
    }

    /// <summary>
    /// Called by labeling.js when the selection inside a text changes: UTF-16 offsets relative to the text. A mouse
    /// selection made while a label is active becomes a span at once; a keyboard selection waits for a label key.
    /// </summary>
    [JSInvokable]
    public async Task OnTextSelection(string objectName, int start, int end, bool fromKeyboard)
    {
        if (ReadOnly || Configuration.FindObject(objectName) is not TextObject)
        {
            return;
        }

        if (start == end)
        {
            _pendingSelection.Remove(objectName);
            StateHasChanged();
            return;
        }

        _pendingSelection[objectName] = (Math.Min(start, end), Math.Max(start, end));
        _selectedRegion = null;
        if (!fromKeyboard)
        {
            var active = Configuration.Controls.OfType<LabelsControl>()
                .FirstOrDefault(c => c.ToName == objectName && _activeLabel.ContainsKey(c.Name));
            if (active is not null)
            {
                await ApplyLabelAsync(active, _activeLabel[active.Name]);
            }
        }

        StateHasChanged();
    }

    /// <summary>
    /// Called by labeling.js for a click (no text selected) at a UTF-16 offset: selects the innermost region there; a
    /// second click at the same place selects the region around it, and so on; a click outside every region deselects.
    /// </summary>
    [JSInvokable]
    public Task OnTextClick(string objectName, int offset)
    {
        if (ReadOnly || Configuration.FindObject(objectName) is not TextObject text)
        {
            return Task.CompletedTask;
        }

        _pendingSelection.Remove(objectName);
        var here = SpansOn(text).Select(s => s.Span).Where(s => s.Start <= offset && offset < s.End)
            .OrderBy(s => s.End - s.Start).ThenBy(s => s.Start).ToList();
        var current = here.FindIndex(s => s.Id == _selectedRegion);
        _selectedRegion = here.Count == 0 ? null : here[(current + 1) % here.Count].Id;
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>Called by labeling.js for Tab and Shift+Tab in a text: selects the region at that reading-order index.</summary>
    [JSInvokable]
    public Task OnRegionIndex(string objectName, int index)
    {
        if (Configuration.FindObject(objectName) is TextObject text && RegionsInOrder(text) is var regions
            && index >= 0 && index < regions.Count)
        {
            SelectRegion(regions[index].Id, scroll: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Called by labeling.js for the editing shortcuts (see <see cref="ShortcutsHelp"/>).</summary>
    [JSInvokable]
    public async Task OnShortcut(string name)
    {
        switch (name)
        {
            case "submit" when !ReadOnly:
                await OnSubmitShortcut.InvokeAsync();
                break;
            case "skip" when !ReadOnly:
                await OnSkipShortcut.InvokeAsync();
                break;
            case "undo":
                await UndoAsync();
                break;
            case "redo":
                await RedoAsync();
                break;
            case "delete" when _selectedRegion is { } id && FindRegion(id) is { } region:
                await RemoveSpanAsync(region.Control, id);
                break;
            case "escape":
                if (_showShortcuts) _showShortcuts = false;
                else if (_selectedRegion is not null) _selectedRegion = null;
                else _activeLabel.Clear();
                break;
            case "help":
                _showShortcuts = !_showShortcuts;
                break;
        }

        StateHasChanged();
    }

    public Task UndoAsync() => RestoreAsync(_history.Undo(Snapshot()));

    public Task RedoAsync() => RestoreAsync(_history.Redo(Snapshot()));

    internal void ShowShortcuts(bool visible)
    {
        _showShortcuts = visible;
        StateHasChanged();
    }

    internal Task ToggleChoiceAsync(ChoicesControl control, string value) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.ToggleChoice(_result, control, value), control);

    internal Task SetRatingAsync(RatingControl control, int rating) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.SetRating(_result, control, rating), control);

    internal Task SetTextAsync(TextAreaControl control, string? text) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.SetText(_result, control, text), control);

    internal async Task RemoveSpanAsync(LabelsControl control, string id)
    {
        if (ReadOnly)
        {
            return;
        }

        if (_selectedRegion == id)
        {
            _selectedRegion = null;
        }

        await UpdateAsync(ResultEditor.RemoveById(_result, id), control);
    }

    /// <summary>Adds a span as a lead composing an answer takes it from a rater (no selection involved).</summary>
    public Task AddSpanAsync(LabelsControl control, int start, int end, IReadOnlyList<string> labels)
    {
        var text = TextOf(control.ToName);
        if (ReadOnly || start < 0 || end > text.Length || start >= end)
        {
            return Task.CompletedTask;
        }

        var existing = ResultEditor.Spans(_result, control).FirstOrDefault(s => s.Start == start && s.End == end);
        var result = existing is null
            ? [.. _result, ResultEditor.NewSpan(control, text, start, end, labels)]
            : labels.Where(l => !existing.Labels.Contains(l))
                .Aggregate(_result.ToList(), (list, label) => ResultEditor.ApplyLabel(list, control, existing.Id, label));
        return UpdateAsync(result, control);
    }

    /// <summary>
    /// A label button or key: relabels the selected region, or labels the pending selection, or else arms the label
    /// for the next mouse selection (pressing it again disarms it). A label at its <c>maxUsages</c> is refused with a
    /// notice next to the control.
    /// </summary>
    internal async Task ApplyLabelAsync(LabelsControl control, string label)
    {
        if (ReadOnly)
        {
            return;
        }

        if (_selectedRegion is { } id && FindRegion(id) is { Control: var owner, Span: var region } && owner == control)
        {
            if (!region.Labels.Contains(label) && !WithinUsage(control, label, adding: control.MultipleLabels || region.Label != label))
            {
                return;
            }

            await UpdateAsync(ResultEditor.ApplyLabel(_result, control, id, label), control);
            return;
        }

        if (_pendingSelection.TryGetValue(control.ToName, out var selection))
        {
            // Over the limit, the selection stays so that another label can take it.
            if (!WithinUsage(control, label, adding: true))
            {
                return;
            }

            _pendingSelection.Remove(control.ToName);
            var text = TextOf(control.ToName);
            var granularity = control.Labels.FirstOrDefault(l => l.Value == label)?.Granularity
                              ?? (Configuration.FindObject(control.ToName) as TextObject)?.Granularity ?? TextGranularity.Symbol;
            await UpdateAsync(ResultEditor.AddSpan(_result, control, text, selection.Start, selection.End, label, granularity), control);
            await ClearBrowserSelectionAsync();
            return;
        }

        if (_activeLabel.TryGetValue(control.Name, out var current) && current == label)
        {
            _activeLabel.Remove(control.Name);
        }
        else
        {
            _activeLabel[control.Name] = label;
        }

        StateHasChanged();
    }

    /// <summary>The "No entities" answer of a Labels control: on only while the control has no span.</summary>
    internal async Task ToggleNoEntitiesAsync(LabelsControl control)
    {
        if (ReadOnly || (!_noEntities.Contains(control.Name) && ResultEditor.Spans(_result, control).Count > 0))
        {
            return;
        }

        var before = Snapshot();
        var next = new HashSet<string>(_noEntities, StringComparer.Ordinal);
        if (!next.Remove(control.Name))
        {
            next.Add(control.Name);
        }

        _history.Record(before);
        await SetStateAsync(_result, next);
        _notices.Remove(control.Name);
    }

    internal void SelectRegion(string? id, bool scroll = false)
    {
        _selectedRegion = id;
        if (id is not null)
        {
            foreach (var key in _pendingSelection.Keys.ToList())
            {
                _pendingSelection.Remove(key);
            }

            if (scroll)
            {
                _scrollTo = id;
            }
        }

        StateHasChanged();
    }

    internal string? ActiveLabel(LabelsControl control) => _activeLabel.GetValueOrDefault(control.Name);

    internal bool IsNoEntities(LabelsControl control) => _noEntities.Contains(control.Name);

    /// <summary>The selected text waiting for a label, or null.</summary>
    internal string? PendingSelectionText(string objectName)
    {
        if (!_pendingSelection.TryGetValue(objectName, out var selection))
        {
            return null;
        }

        var text = TextOf(objectName);
        var start = Math.Clamp(selection.Start, 0, text.Length);
        return text[start..Math.Clamp(selection.End, start, text.Length)];
    }

    /// <summary>The message to show next to a control: a notice of this screen (e.g. a label at its limit), else the page's error.</summary>
    internal string? ValidationFor(ControlTag control) =>
        _notices.GetValueOrDefault(control.Name)
        ?? (Errors is not null && Errors.TryGetValue(control.Name, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null);

    internal bool IsSelectable(TextObject text) =>
        !ReadOnly && Configuration.Controls.OfType<LabelsControl>().Any(c => c.ToName == text.Name);

    internal string TextOf(string objectName) =>
        Configuration.FindObject(objectName) is { } obj ? ValueOf(obj.DataField) ?? "" : "";

    internal string? ImageUrlOf(ImageObject image)
    {
        var url = ValueOf(image.DataField);
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        var safe = url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
                   || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
                   || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
        return safe ? url : null;
    }

    internal string ResolveHeader(HeaderNode header) =>
        header.Value.Length > 1 && header.Value[0] == '$' ? ValueOf(header.Value[1..]) ?? "" : header.Value;

    /// <summary>Spans on a text from every Labels control that targets it, with the colour of their first label.</summary>
    internal IReadOnlyList<(TextSpan Span, string Color)> SpansOn(TextObject text) =>
        Configuration.Controls.OfType<LabelsControl>().Where(c => c.ToName == text.Name)
            .SelectMany(c => ResultEditor.Spans(_result, c).Select(s => (s, ColorOf(c, s.Label))))
            .ToList();

    /// <summary>The regions of a text in reading order (what Tab walks through).</summary>
    internal IReadOnlyList<TextSpan> RegionsInOrder(TextObject text) => ResultEditor.InReadingOrder(SpansOn(text).Select(s => s.Span));

    internal static string ColorOf(LabelsControl control, string label) => LabelColors.Of(control, label);

    /// <summary>The digit that sets <paramref name="stars"/> on a rating control, when one is bound.</summary>
    internal string? RatingHotkey(RatingControl control, int stars) =>
        _hotkeys.FirstOrDefault(h => h.Value.Control == control && h.Value.Rating == stars).Key;

    private (LabelsControl Control, TextSpan Span)? FindRegion(string id)
    {
        foreach (var control in Configuration.Controls.OfType<LabelsControl>())
        {
            if (ResultEditor.Spans(_result, control).FirstOrDefault(s => s.Id == id) is { } span)
            {
                return (control, span);
            }
        }

        return null;
    }

    private bool WithinUsage(LabelsControl control, string label, bool adding)
    {
        if (!adding || control.MaxUsagesOf(label) is not { } max || ResultEditor.Usage(_result, control, label) < max)
        {
            return true;
        }

        _notices[control.Name] = $"\"{label}\" can be used at most {max} {(max == 1 ? "time" : "times")} per task.";
        StateHasChanged();
        return false;
    }

    private AnswerState Snapshot() => new(_result, new HashSet<string>(_noEntities, StringComparer.Ordinal));

    private async Task RestoreAsync(AnswerState? state)
    {
        if (ReadOnly || state is null)
        {
            return;
        }

        if (_selectedRegion is not null && state.Result.All(r => r.Id != _selectedRegion))
        {
            _selectedRegion = null;
        }

        _notices.Clear();
        await SetStateAsync([.. state.Result], new HashSet<string>(state.NoEntities, StringComparer.Ordinal));
    }

    private async Task UpdateAsync(List<ResultItem> result, ControlTag control)
    {
        var noEntities = _noEntities;
        if (control is LabelsControl && ResultEditor.Spans(result, (LabelsControl)control).Count > 0 && _noEntities.Contains(control.Name))
        {
            // Marking a span takes back "no entities" for that control.
            noEntities = new HashSet<string>(_noEntities, StringComparer.Ordinal);
            noEntities.Remove(control.Name);
        }

        if (ReferenceEquals(result, _result) || (result.SequenceEqual(_result) && noEntities.SetEquals(_noEntities)))
        {
            return;
        }

        _history.Record(Snapshot());
        _notices.Remove(control.Name);
        await SetStateAsync(result, noEntities);
    }

    private async Task SetStateAsync(List<ResultItem> result, HashSet<string> noEntities)
    {
        var noEntitiesChanged = !noEntities.SetEquals(_noEntities);
        _result = result;
        _lastResultParameter = result;
        _noEntities = noEntities;
        await ResultChanged.InvokeAsync(result);
        if (noEntitiesChanged)
        {
            var list = noEntities.ToList();
            _lastNoEntitiesParameter = list;
            await NoEntitiesChanged.InvokeAsync(list);
        }

        StateHasChanged();
    }

    private async Task ClearBrowserSelectionAsync()
    {
        if (_selfReference is null)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("labelStudio.labeling.clearSelection", _jsHandle);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private string? ValueOf(string field)
    {
        if (Data is null || !DataFieldPath.TryResolve(Data, field, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_selfReference is null)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("labelStudio.labeling.detach", _jsHandle);
        }
        catch (JSDisconnectedException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        _selfReference.Dispose();
        _selfReference = null;
    }

    private sealed record JsOptions(
        [property: System.Text.Json.Serialization.JsonPropertyName("hotkeys")] bool Hotkeys,
        [property: System.Text.Json.Serialization.JsonPropertyName("keys")] string[] Keys,
        [property: System.Text.Json.Serialization.JsonPropertyName("labelKeys")] string[] LabelKeys,
        [property: System.Text.Json.Serialization.JsonPropertyName("shortcuts")] bool Shortcuts,
        [property: System.Text.Json.Serialization.JsonPropertyName("selection")] bool Selection,
        [property: System.Text.Json.Serialization.JsonPropertyName("submit")] bool Submit,
        [property: System.Text.Json.Serialization.JsonPropertyName("skip")] bool Skip);
}
