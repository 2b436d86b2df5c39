namespace LabelStudio.Core.LabelingConfig;

/// <summary>
/// One element of a parsed labeling configuration, in document order. <see cref="Line"/> is the 1-based line in
/// the XML so that messages can point at it.
/// </summary>
public abstract record ConfigNode(int Line);

/// <summary>A layout container (<c>&lt;View&gt;</c>); <see cref="Style"/> is the raw CSS from the config.</summary>
public sealed record ViewNode(int Line, string? Style, IReadOnlyList<ConfigNode> Children) : ConfigNode(Line);

/// <summary>A heading. <see cref="Value"/> may reference a data field (<c>$field</c>).</summary>
public sealed record HeaderNode(int Line, string Value) : ConfigNode(Line);

/// <summary>An object tag: shows task data. <see cref="DataField"/> is the field name without the <c>$</c>.</summary>
public abstract record ObjectTag(int Line, string Name, string DataField) : ConfigNode(Line);

/// <summary>Granularity of span selection on a text (Label Studio's <c>granularity</c> attribute).</summary>
public enum TextGranularity
{
    /// <summary>Any characters (whole graphemes: a selection never cuts a surrogate pair or a combining accent).</summary>
    Symbol,

    /// <summary>Selections snap outwards to whole words.</summary>
    Word,
}

public sealed record TextObject(int Line, string Name, string DataField) : ObjectTag(Line, Name, DataField)
{
    /// <summary>How selections on this text snap (the <c>granularity</c> attribute); a label may override it.</summary>
    public TextGranularity Granularity { get; init; }
}

public sealed record ImageObject(int Line, string Name, string DataField) : ObjectTag(Line, Name, DataField);

/// <summary>A control tag: produces results about the object named by <see cref="ToName"/>.</summary>
public abstract record ControlTag(int Line, string Name, string ToName, bool Required) : ConfigNode(Line)
{
    /// <summary>The Label Studio result <c>type</c> this control produces (choices, labels, rating, textarea).</summary>
    public abstract string ResultType { get; }
}

public enum ChoiceMode { Single, SingleRadio, Multiple }

/// <summary>
/// One <c>&lt;Choice&gt;</c>. <see cref="Hotkey"/> is the <c>hotkey</c> attribute as written;
/// <see cref="EffectiveHotkey"/> is the key that actually selects it (the attribute, or an automatically bound
/// digit 1..9 as Label Studio does).
/// </summary>
public sealed record ChoiceOption(string Value, string? Hotkey)
{
    private readonly string? _effectiveHotkey;

    /// <summary>The key bound to this option: the explicit <see cref="Hotkey"/> or an auto-assigned digit; null if none.</summary>
    public string? EffectiveHotkey
    {
        get => _effectiveHotkey ?? Hotkey;
        init => _effectiveHotkey = value == Hotkey ? null : value;
    }
}

public sealed record ChoicesControl(int Line, string Name, string ToName, bool Required, ChoiceMode Mode,
    IReadOnlyList<ChoiceOption> Options) : ControlTag(Line, Name, ToName, Required)
{
    public override string ResultType => "choices";
}

/// <summary>
/// One <c>&lt;Label&gt;</c>. <see cref="Hotkey"/> is the <c>hotkey</c> attribute as written;
/// <see cref="EffectiveHotkey"/> is the key that actually selects it (the attribute, or an automatically bound
/// digit 1..9 as Label Studio does).
/// </summary>
public sealed record LabelOption(string Value, string? Hotkey, string? Background)
{
    private readonly string? _effectiveHotkey;

    /// <summary>The key bound to this label: the explicit <see cref="Hotkey"/> or an auto-assigned digit; null if none.</summary>
    public string? EffectiveHotkey
    {
        get => _effectiveHotkey ?? Hotkey;
        init => _effectiveHotkey = value == Hotkey ? null : value;
    }

    /// <summary>How many spans of one task may carry this label (<c>maxUsages</c> on the Label); null for no limit.</summary>
    public int? MaxUsages { get; init; }

    /// <summary>The label's own selection granularity, overriding the text's; null to use the text's.</summary>
    public TextGranularity? Granularity { get; init; }
}

/// <summary>
/// Span labels on a text. <see cref="MultipleLabels"/> is Label Studio's <c>choice="multiple"</c> (several labels on one
/// region); <see cref="MaxUsages"/> caps how many spans of one task may carry each label.
/// </summary>
public sealed record LabelsControl(int Line, string Name, string ToName, bool Required,
    IReadOnlyList<LabelOption> Labels) : ControlTag(Line, Name, ToName, Required)
{
    public override string ResultType => "labels";

    public bool MultipleLabels { get; init; }

    public int? MaxUsages { get; init; }

    /// <summary>The limit for <paramref name="label"/>: the Label's own maxUsages, else the control's; null for none.</summary>
    public int? MaxUsagesOf(string label) =>
        Labels.FirstOrDefault(l => l.Value == label)?.MaxUsages ?? MaxUsages;
}

public sealed record RatingControl(int Line, string Name, string ToName, bool Required, int MaxRating)
    : ControlTag(Line, Name, ToName, Required)
{
    public override string ResultType => "rating";
}

public sealed record TextAreaControl(int Line, string Name, string ToName, bool Required, string? Placeholder)
    : ControlTag(Line, Name, ToName, Required)
{
    public override string ResultType => "textarea";
}
