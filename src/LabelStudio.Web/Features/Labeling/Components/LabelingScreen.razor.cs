using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>
/// Renders a labeling configuration for one task and edits its Label Studio result. Used by the rater's page and by
/// the configuration editor's live preview.
/// </summary>
public sealed partial class LabelingScreen : IAsyncDisposable
{
    private static readonly string[] Palette = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab", "#c0ca33"];

    private readonly Dictionary<string, string> _validation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Start, int End)> _pendingSelection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _activeLabel = new(StringComparer.Ordinal);
    private Dictionary<string, HotkeyTarget> _hotkeys = new(StringComparer.OrdinalIgnoreCase);
    private List<ResultItem> _result = [];
    private List<ResultItem>? _lastResultParameter;
    private LabelingConfiguration? _configuredFor;
    private long? _shownTaskId;
    private ElementReference _root;
    private DotNetObjectReference<LabelingScreen>? _selfReference;
    private int _jsHandle;
    private string? _jsOptionsSent;
    private bool _disposed;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public LabelingConfiguration Configuration { get; set; } = default!;

    [Parameter] public JsonObject Data { get; set; } = [];

    [Parameter] public List<ResultItem> Result { get; set; } = [];

    [Parameter] public EventCallback<List<ResultItem>> ResultChanged { get; set; }

    [Parameter] public bool ReadOnly { get; set; }

    [Parameter] public bool EnableHotkeys { get; set; } = true;

    /// <summary>Rendered as <c>data-task-id</c> on the root so tests can tell tasks apart.</summary>
    [Parameter] public long? TaskId { get; set; }

    /// <summary>Raised by Ctrl+Enter. Without a delegate the shortcut is left to the browser.</summary>
    [Parameter] public EventCallback OnSubmitShortcut { get; set; }

    /// <summary>Raised by Ctrl+Space. Without a delegate the shortcut is left to the browser.</summary>
    [Parameter] public EventCallback OnSkipShortcut { get; set; }

    /// <summary>The result as currently edited (the same list last sent through <see cref="ResultChanged"/>).</summary>
    public IReadOnlyList<ResultItem> CurrentResult => _result;

    internal bool IsReadOnly => ReadOnly;

    internal bool HotkeysShown => EnableHotkeys && !ReadOnly;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(Result, _lastResultParameter))
        {
            _lastResultParameter = Result;
            _result = Result is null ? [] : [.. Result];
        }

        if (!ReferenceEquals(Configuration, _configuredFor))
        {
            _configuredFor = Configuration;
            _hotkeys = BuildHotkeys(Configuration);
            ResetTaskState();
        }
        else if (TaskId != _shownTaskId)
        {
            ResetTaskState();
        }
        _shownTaskId = TaskId;
    }

    // The page keeps one screen for the whole session (so hotkeys stay attached and a key pressed the moment the
    // next task appears is not lost); per-task state is cleared when the task changes.
    private void ResetTaskState()
    {
        _validation.Clear();
        _pendingSelection.Clear();
        _activeLabel.Clear();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }

        var options = new JsOptions(HotkeysShown, _hotkeys.Keys.Select(k => k.ToLowerInvariant()).ToArray(),
            !ReadOnly && (OnSubmitShortcut.HasDelegate || OnSkipShortcut.HasDelegate) && EnableHotkeys, !ReadOnly);
        var serialized = JsonSerializer.Serialize(options);
        if (serialized == _jsOptionsSent)
        {
            return;
        }

        _jsOptionsSent = serialized;
        try
        {
            if (_selfReference is null)
            {
                _selfReference = DotNetObjectReference.Create(this);
                _jsHandle = await JS.InvokeAsync<int>("labelStudio.labeling.attach", _selfReference, _root, options);
            }
            else
            {
                await JS.InvokeVoidAsync("labelStudio.labeling.configure", _jsHandle, options);
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>
    /// Checks that every required control has an answer, shows a message next to each one that does not, and
    /// returns one message per missing control, worded as the server's validator words it (empty when complete).
    /// </summary>
    public IReadOnlyList<string> ValidateRequired()
    {
        _validation.Clear();
        foreach (var control in Configuration.Controls.Where(c => c.Required && !ResultEditor.HasAnswer(_result, c)))
        {
            _validation[control.Name] = control switch
            {
                ChoicesControl => "Required: choose an option.",
                LabelsControl => "Required: mark at least one span.",
                RatingControl => "Required: give a rating.",
                TextAreaControl => "Required: write an answer.",
                _ => "Required.",
            };
        }

        StateHasChanged();
        return Configuration.Controls.Where(c => _validation.ContainsKey(c.Name))
            .Select(c => $"{AnnotationValidator.DisplayName(c)} is required.").ToList();
    }

    /// <summary>Shows <paramref name="messages"/> (by control name) next to their controls, replacing earlier ones.</summary>
    public void ShowValidation(IReadOnlyDictionary<string, string> messages)
    {
        _validation.Clear();
        foreach (var (name, message) in messages)
        {
            _validation[name] = message;
        }

        StateHasChanged();
    }

    public void ClearValidation()
    {
        _validation.Clear();
        StateHasChanged();
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
    /// Called by labeling.js when the selection inside a text changes: character offsets relative to the text.
    /// A mouse selection made while a label is active becomes a span at once; a keyboard selection waits for a label key.
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

    /// <summary>Called by labeling.js for Ctrl+Enter ("submit") and Ctrl+Space ("skip").</summary>
    [JSInvokable]
    public Task OnShortcut(string name) => name switch
    {
        "submit" when !ReadOnly => OnSubmitShortcut.InvokeAsync(),
        "skip" when !ReadOnly => OnSkipShortcut.InvokeAsync(),
        _ => Task.CompletedTask,
    };

    internal Task ToggleChoiceAsync(ChoicesControl control, string value) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.ToggleChoice(_result, control, value), control);

    internal Task SetRatingAsync(RatingControl control, int rating) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.SetRating(_result, control, rating), control);

    internal Task SetTextAsync(TextAreaControl control, string? text) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.SetText(_result, control, text), control);

    internal Task RemoveSpanAsync(LabelsControl control, string id) =>
        ReadOnly ? Task.CompletedTask : UpdateAsync(ResultEditor.RemoveById(_result, id), control);

    /// <summary>A label button or key: labels the pending selection, or else arms the label for the next mouse selection.</summary>
    internal async Task ApplyLabelAsync(LabelsControl control, string label)
    {
        if (ReadOnly)
        {
            return;
        }

        if (_pendingSelection.Remove(control.ToName, out var selection))
        {
            var text = TextOf(control.ToName);
            await UpdateAsync(ResultEditor.AddSpan(_result, control, text, selection.Start, selection.End, label), control);
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

    internal string? ActiveLabel(LabelsControl control) => _activeLabel.GetValueOrDefault(control.Name);

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

    internal string? ValidationFor(ControlTag control) => _validation.GetValueOrDefault(control.Name);

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

    /// <summary>Spans on a text from every Labels control that targets it, with the colour of their label.</summary>
    internal IReadOnlyList<(TextSpan Span, string Color)> SpansOn(TextObject text) =>
        Configuration.Controls.OfType<LabelsControl>().Where(c => c.ToName == text.Name)
            .SelectMany(c => ResultEditor.Spans(_result, c).Select(s => (s, ColorOf(c, s.Label))))
            .ToList();

    internal static string ColorOf(LabelsControl control, string label)
    {
        var index = control.Labels.ToList().FindIndex(l => l.Value == label);
        if (index < 0)
        {
            return "#9e9e9e";
        }

        var background = control.Labels[index].Background;
        return IsSafeColor(background) ? background! : Palette[index % Palette.Length];
    }

    /// <summary>The digit that sets <paramref name="stars"/> on a rating control, when one is bound.</summary>
    internal string? RatingHotkey(RatingControl control, int stars) =>
        _hotkeys.FirstOrDefault(h => h.Value.Control == control && h.Value.Rating == stars).Key;

    private async Task UpdateAsync(List<ResultItem> result, ControlTag control)
    {
        _result = result;
        _lastResultParameter = result;
        if (ResultEditor.HasAnswer(result, control))
        {
            _validation.Remove(control.Name);
        }

        await ResultChanged.InvokeAsync(result);
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

    /// <summary>
    /// Keys bound by the configuration: each choice's and label's effective hotkey; then, for a lone Rating, the digits
    /// 1..maxRating that no choice or label already uses.
    /// </summary>
    private static Dictionary<string, HotkeyTarget> BuildHotkeys(LabelingConfiguration? configuration)
    {
        var keys = new Dictionary<string, HotkeyTarget>(StringComparer.OrdinalIgnoreCase);
        if (configuration is null)
        {
            return keys;
        }

        foreach (var control in configuration.Controls)
        {
            var options = control switch
            {
                ChoicesControl choices => choices.Options.Select(o => (o.Value, o.EffectiveHotkey)),
                LabelsControl labels => labels.Labels.Select(l => (l.Value, l.EffectiveHotkey)),
                _ => [],
            };
            foreach (var (value, key) in options)
            {
                if (!string.IsNullOrEmpty(key))
                {
                    keys.TryAdd(key, new HotkeyTarget(control, value, null));
                }
            }
        }

        if (configuration.Controls.OfType<RatingControl>().ToList() is [var rating])
        {
            for (var stars = 1; stars <= Math.Min(rating.MaxRating, 9); stars++)
            {
                keys.TryAdd(stars.ToString(System.Globalization.CultureInfo.InvariantCulture), new HotkeyTarget(rating, null, stars));
            }
        }

        return keys;
    }

    private static bool IsSafeColor(string? color) =>
        !string.IsNullOrWhiteSpace(color) && color.Length <= 32
        && color.All(c => char.IsLetterOrDigit(c) || c is '#' or '(' or ')' or ',' or '.' or ' ' or '%');

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

    private sealed record HotkeyTarget(ControlTag Control, string? Value, int? Rating);

    private sealed record JsOptions(
        [property: System.Text.Json.Serialization.JsonPropertyName("hotkeys")] bool Hotkeys,
        [property: System.Text.Json.Serialization.JsonPropertyName("keys")] string[] Keys,
        [property: System.Text.Json.Serialization.JsonPropertyName("shortcuts")] bool Shortcuts,
        [property: System.Text.Json.Serialization.JsonPropertyName("selection")] bool Selection);
}
