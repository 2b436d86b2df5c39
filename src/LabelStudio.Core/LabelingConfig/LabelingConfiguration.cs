namespace LabelStudio.Core.LabelingConfig;

/// <summary>
/// A validated labeling configuration: the layout tree (for rendering, in document order) plus flat lists of the
/// object and control tags (for wiring and validation).
/// </summary>
public sealed record LabelingConfiguration(
    string Xml,
    ViewNode Root,
    IReadOnlyList<ObjectTag> Objects,
    IReadOnlyList<ControlTag> Controls)
{
    /// <summary>The task data fields (without <c>$</c>) the configuration reads; a task must have each of them.</summary>
    public IReadOnlyList<string> RequiredDataFields =>
        Objects.Select(o => o.DataField).Distinct(StringComparer.Ordinal).ToList();

    public ObjectTag? FindObject(string name) => Objects.FirstOrDefault(o => o.Name == name);

    public ControlTag? FindControl(string name) => Controls.FirstOrDefault(c => c.Name == name);
}

/// <summary>One problem in a configuration, with the tag and 1-based line it concerns.</summary>
public sealed record ConfigError(int Line, string? Tag, string Message)
{
    public override string ToString() => Tag is null ? $"line {Line}: {Message}" : $"line {Line}, <{Tag}>: {Message}";
}

/// <summary>
/// Either a configuration or the list of everything wrong with the XML. <see cref="ExceedsLimits"/> marks input
/// refused before it was read (too long, too deep, too many tags, a DTD): see <see cref="ConfigLimits"/>.
/// </summary>
public sealed record ConfigParseResult(LabelingConfiguration? Configuration, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Configuration is not null && Errors.Count == 0;

    public bool ExceedsLimits { get; private init; }

    internal static ConfigParseResult Rejected(ConfigError error) => new(null, [error]) { ExceedsLimits = true };
}
