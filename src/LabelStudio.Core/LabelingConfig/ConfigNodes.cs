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

public sealed record TextObject(int Line, string Name, string DataField) : ObjectTag(Line, Name, DataField);

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
}

public sealed record LabelsControl(int Line, string Name, string ToName, bool Required,
    IReadOnlyList<LabelOption> Labels) : ControlTag(Line, Name, ToName, Required)
{
    public override string ResultType => "labels";
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
