using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace LabelStudio.Core.LabelingConfig;

/// <summary>
/// Parses the supported subset of Label Studio's labeling configuration XML (<c>View</c>, <c>Header</c>,
/// <c>Text</c>, <c>Image</c>, <c>Choices</c>/<c>Choice</c>, <c>Labels</c>/<c>Label</c>, <c>Rating</c>,
/// <c>TextArea</c>) into a <see cref="LabelingConfiguration"/>. Every problem found is reported with its line and
/// tag; parsing does not stop at the first one.
/// </summary>
public static class LabelingConfigParser
{
    /// <summary>The tags this parser understands.</summary>
    public static IReadOnlyList<string> SupportedTags { get; } =
        ["View", "Header", "Text", "Image", "Choices", "Choice", "Labels", "Label", "Rating", "TextArea"];

    /// <summary>Highest <c>maxRating</c> accepted.</summary>
    public const int MaxRatingLimit = 10;

    /// <summary>Default <c>maxRating</c> when the attribute is absent (Label Studio's default).</summary>
    public const int DefaultMaxRating = 5;

    /// <summary>Parses <paramref name="xml"/>; the result holds either the configuration or all errors found.</summary>
    public static ConfigParseResult Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (string.IsNullOrWhiteSpace(xml))
        {
            return Fail(new ConfigError(1, null, "The labeling configuration is empty; it must start with <View>."));
        }

        if (ConfigLimits.CheckLength(xml) is { } tooLong)
        {
            return ConfigParseResult.Rejected(tooLong);
        }

        XDocument document;
        try
        {
            // A streaming pass first: the tree is only built once depth and size are known to be bounded.
            if (ConfigLimits.CheckStructure(xml, ReaderSettings) is { } overLimit)
            {
                return ConfigParseResult.Rejected(overLimit);
            }

            using var stringReader = new StringReader(xml);
            using var xmlReader = XmlReader.Create(stringReader, ReaderSettings);
            document = XDocument.Load(xmlReader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            return ConfigParseResult.Rejected(new ConfigError(Math.Max(ex.LineNumber, 1), null,
                "The labeling configuration declares a DTD (<!DOCTYPE ...>); DTDs and entity definitions are not allowed."));
        }
        catch (XmlException ex)
        {
            return Fail(new ConfigError(Math.Max(ex.LineNumber, 1), null,
                $"The XML is malformed at line {ex.LineNumber}, position {ex.LinePosition}: {StripLineInfo(ex.Message)}"));
        }

        var root = document.Root;
        if (root is null)
        {
            return Fail(new ConfigError(1, null, "The labeling configuration has no root element; it must start with <View>."));
        }

        if (root.Name.LocalName != "View" || root.Name.NamespaceName.Length != 0)
        {
            return Fail(new ConfigError(LineOf(root), root.Name.LocalName,
                $"The root tag must be <View>, not <{root.Name.LocalName}>."));
        }

        var walker = new Walker(root);
        var view = walker.Run();
        return walker.Errors.Count > 0
            ? new ConfigParseResult(null, walker.Errors.OrderBy(e => e.Line).ToList())
            : new ConfigParseResult(new LabelingConfiguration(xml, view, walker.Objects, walker.Controls), []);
    }

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = ConfigLimits.MaxCharacters,
        MaxCharactersFromEntities = ConfigLimits.MaxCharacters,
    };

    private static ConfigParseResult Fail(ConfigError error) => new(null, [error]);

    private static int LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;

    private static string StripLineInfo(string message)
    {
        var index = message.IndexOf(" Line ", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }

    /// <summary>One option of a <c>Choices</c> or <c>Labels</c> element, as read by the walker.</summary>
    private readonly record struct OptionElement(XElement Element, string Value, string? Hotkey, string? EffectiveHotkey);

    private sealed class Walker
    {
        private readonly XElement _root;
        private readonly HashSet<string> _explicitHotkeys = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, (int Line, string Tag)> _usedHotkeys = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, (int Line, string Tag)> _names = new(StringComparer.Ordinal);
        private readonly List<(ControlTag Control, string Tag)> _pendingWiring = [];
        private int _nextAutoHotkey = 1;
        private int _controlTagCount;
        private int _objectTagCount;

        public Walker(XElement root)
        {
            _root = root;
            foreach (var element in root.DescendantsAndSelf())
            {
                if (element.Name.LocalName is "Choice" or "Label" && Attr(element, "hotkey") is { Length: > 0 } key)
                {
                    _explicitHotkeys.Add(key);
                }
            }
        }

        public List<ConfigError> Errors { get; } = [];

        public List<ObjectTag> Objects { get; } = [];

        public List<ControlTag> Controls { get; } = [];

        public ViewNode Run()
        {
            var view = ReadTree(_root);
            CheckWiring();
            if (_controlTagCount == 0)
            {
                Error(_root, "The configuration has no control tag (Choices, Labels, Rating or TextArea), so raters could not answer anything.");
            }

            if (_objectTagCount == 0)
            {
                Error(_root, "The configuration shows no data: add a <Text> or <Image> tag with value=\"$field\".");
            }

            return view;
        }

        /// <summary>
        /// Builds the layout tree without recursion: an explicit stack of open views, children read in document order
        /// (so "already used on line N" messages name the first occurrence).
        /// </summary>
        private ViewNode ReadTree(XElement root)
        {
            var open = new Stack<OpenView>();
            open.Push(new OpenView(root));
            while (true)
            {
                var top = open.Peek();
                if (top.Children.MoveNext())
                {
                    var child = top.Children.Current;
                    if (child.Name.NamespaceName.Length == 0 && child.Name.LocalName == "View")
                    {
                        open.Push(new OpenView(child));
                    }
                    else if (ReadChild(child) is { } node)
                    {
                        top.Nodes.Add(node);
                    }

                    continue;
                }

                open.Pop();
                top.Children.Dispose();
                var view = new ViewNode(LineOf(top.Element), Attr(top.Element, "style"), top.Nodes);
                if (open.Count == 0)
                {
                    return view;
                }

                open.Peek().Nodes.Add(view);
            }
        }

        private sealed class OpenView(XElement element)
        {
            public XElement Element { get; } = element;
            public IEnumerator<XElement> Children { get; } = element.Elements().GetEnumerator();
            public List<ConfigNode> Nodes { get; } = [];
        }

        private ConfigNode? ReadChild(XElement element)
        {
            var tag = element.Name.NamespaceName.Length == 0 ? element.Name.LocalName : element.Name.ToString();
            switch (tag)
            {
                case "Header":
                    return ReadHeader(element);
                case "Text":
                    _objectTagCount++;
                    var granularity = ReadGranularity(element, allowed: "symbol or word") ?? TextGranularity.Symbol;
                    return ReadObject(element, (line, name, field) => new TextObject(line, name, field) { Granularity = granularity });
                case "Image":
                    _objectTagCount++;
                    return ReadObject(element, (line, name, field) => new ImageObject(line, name, field));
                case "Choices":
                    _controlTagCount++;
                    return ReadChoices(element);
                case "Labels":
                    _controlTagCount++;
                    return ReadLabels(element);
                case "Rating":
                    _controlTagCount++;
                    return ReadRating(element);
                case "TextArea":
                    _controlTagCount++;
                    return ReadTextArea(element);
                case "Choice":
                    Error(element, "<Choice> must be inside <Choices>.");
                    return null;
                case "Label":
                    Error(element, "<Label> must be inside <Labels>.");
                    return null;
                default:
                    Error(element, $"<{TagName(element)}> is not supported. Supported tags: {string.Join(", ", SupportedTags)}.");
                    return null;
            }
        }

        private HeaderNode? ReadHeader(XElement element)
        {
            RejectChildren(element);
            var value = Attr(element, "value");
            if (string.IsNullOrWhiteSpace(value))
            {
                value = element.Value.Trim();
            }

            if (string.IsNullOrEmpty(value))
            {
                Error(element, "<Header> needs a value attribute.");
                return null;
            }

            if (value.StartsWith('$') && value.Length == 1)
            {
                Error(element, "value=\"$\" names no data field.");
                return null;
            }

            return new HeaderNode(LineOf(element), value);
        }

        private ObjectTag? ReadObject(XElement element, Func<int, string, string, ObjectTag> create)
        {
            RejectChildren(element);
            var name = RequireName(element);
            var field = ReadDataField(element);
            if (name is null || field is null)
            {
                return null;
            }

            var node = create(LineOf(element), name, field);
            Objects.Add(node);
            return node;
        }

        private string? ReadDataField(XElement element)
        {
            var value = Attr(element, "value");
            if (value is null)
            {
                Error(element, $"<{TagName(element)}> needs a value attribute such as value=\"$text\".");
                return null;
            }

            if (!value.StartsWith('$'))
            {
                Error(element, $"value=\"{value}\" must reference a task data field and start with $, e.g. value=\"$text\".");
                return null;
            }

            var field = value[1..].Trim();
            if (field.Length == 0)
            {
                Error(element, "value=\"$\" names no data field.");
                return null;
            }

            return field;
        }

        private ChoicesControl? ReadChoices(XElement element)
        {
            var name = RequireName(element);
            var toName = RequireToName(element);
            var required = ReadBool(element, "required");
            var mode = ChoiceMode.Single;
            switch (Attr(element, "choice"))
            {
                case null or "single":
                    break;
                case "single-radio":
                    mode = ChoiceMode.SingleRadio;
                    break;
                case "multiple":
                    mode = ChoiceMode.Multiple;
                    break;
                case var other:
                    Error(element, $"choice=\"{other}\" is not valid; use single, single-radio or multiple.");
                    break;
            }

            var options = ReadOptions(element, "Choices", "Choice", name)
                .Select(o => new ChoiceOption(o.Value, o.Hotkey) { EffectiveHotkey = o.EffectiveHotkey })
                .ToList();

            if (name is null || toName is null)
            {
                return null;
            }

            var control = new ChoicesControl(LineOf(element), name, toName, required, mode, options);
            AddControl(control, "Choices");
            return control;
        }

        private LabelsControl? ReadLabels(XElement element)
        {
            var name = RequireName(element);
            var toName = RequireToName(element);
            var required = ReadBool(element, "required");
            var multiple = false;
            switch (Attr(element, "choice"))
            {
                case null or "single":
                    break;
                case "multiple":
                    multiple = true;
                    break;
                case var other:
                    Error(element, $"choice=\"{other}\" is not valid on <Labels>; use single (one label per span) or multiple.");
                    break;
            }

            var maxUsages = ReadPositiveInt(element, "maxUsages");
            var labels = ReadOptions(element, "Labels", "Label", name)
                .Select(o => new LabelOption(o.Value, o.Hotkey, Attr(o.Element, "background"))
                {
                    EffectiveHotkey = o.EffectiveHotkey,
                    MaxUsages = ReadPositiveInt(o.Element, "maxUsages"),
                    Granularity = ReadGranularity(o.Element, allowed: "symbol or word"),
                })
                .ToList();

            if (name is null || toName is null)
            {
                return null;
            }

            var control = new LabelsControl(LineOf(element), name, toName, required, labels) { MultipleLabels = multiple, MaxUsages = maxUsages };
            AddControl(control, "Labels");
            return control;
        }

        /// <summary>
        /// The option children (<c>Choice</c>, <c>Label</c>) of a <c>Choices</c> or <c>Labels</c> element, in order,
        /// with their hotkeys. Other children, options without a value and repeated values are reported and left out.
        /// </summary>
        private List<OptionElement> ReadOptions(XElement element, string listTag, string optionTag, string? listName)
        {
            var options = new List<OptionElement>();
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var child in element.Elements())
            {
                if (TagName(child) != optionTag)
                {
                    Error(child, $"<{TagName(child)}> is not allowed inside <{listTag}>; only <{optionTag}> is.");
                    continue;
                }

                RejectChildren(child);
                var value = Attr(child, "value");
                if (string.IsNullOrEmpty(value))
                {
                    Error(child, $"<{optionTag}> needs a value attribute.");
                    continue;
                }

                if (!values.Add(value))
                {
                    Error(child, $"{optionTag} \"{value}\" appears twice in <{listTag} name=\"{listName}\">.");
                    continue;
                }

                var (hotkey, effective) = ReadHotkey(child);
                options.Add(new OptionElement(child, value, hotkey, effective));
            }

            if (!element.Elements().Any())
            {
                Error(element, $"<{listTag}> needs at least one <{optionTag}>.");
            }

            return options;
        }

        private RatingControl? ReadRating(XElement element)
        {
            RejectChildren(element);
            var name = RequireName(element);
            var toName = RequireToName(element);
            var required = ReadBool(element, "required");
            var maxRating = DefaultMaxRating;
            var raw = Attr(element, "maxRating");
            if (raw is not null)
            {
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out maxRating)
                    || maxRating < 1 || maxRating > MaxRatingLimit)
                {
                    Error(element, $"maxRating=\"{raw}\" is not valid; use a whole number from 1 to {MaxRatingLimit}.");
                    return null;
                }
            }

            if (name is null || toName is null)
            {
                return null;
            }

            var control = new RatingControl(LineOf(element), name, toName, required, maxRating);
            AddControl(control, "Rating");
            return control;
        }

        private TextAreaControl? ReadTextArea(XElement element)
        {
            RejectChildren(element);
            var name = RequireName(element);
            var toName = RequireToName(element);
            var required = ReadBool(element, "required");
            if (name is null || toName is null)
            {
                return null;
            }

            var control = new TextAreaControl(LineOf(element), name, toName, required, Attr(element, "placeholder"));
            AddControl(control, "TextArea");
            return control;
        }

        private void AddControl(ControlTag control, string tag)
        {
            Controls.Add(control);
            _pendingWiring.Add((control, tag));
        }

        private (string? Explicit, string? Effective) ReadHotkey(XElement element)
        {
            var hotkey = Attr(element, "hotkey");
            if (!string.IsNullOrEmpty(hotkey))
            {
                if (_usedHotkeys.TryGetValue(hotkey, out var previous))
                {
                    Error(element, $"hotkey=\"{hotkey}\" is already used by the <{previous.Tag}> on line {previous.Line}.");
                }
                else
                {
                    _usedHotkeys[hotkey] = (LineOf(element), TagName(element));
                }

                return (hotkey, hotkey);
            }

            while (_nextAutoHotkey <= 9)
            {
                var candidate = _nextAutoHotkey.ToString(CultureInfo.InvariantCulture);
                _nextAutoHotkey++;
                if (!_explicitHotkeys.Contains(candidate))
                {
                    return (null, candidate);
                }
            }

            return (null, null);
        }

        private string? RequireName(XElement element)
        {
            var name = Attr(element, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                Error(element, $"<{TagName(element)}> needs a name attribute.");
                return null;
            }

            if (_names.TryGetValue(name, out var previous))
            {
                Error(element, $"name=\"{name}\" is already used by the <{previous.Tag}> on line {previous.Line}; names must be unique.");
                return null;
            }

            _names[name] = (LineOf(element), TagName(element));
            return name;
        }

        private string? RequireToName(XElement element)
        {
            var toName = Attr(element, "toName");
            if (string.IsNullOrWhiteSpace(toName))
            {
                Error(element, $"<{TagName(element)}> needs a toName attribute naming the <Text> or <Image> it labels.");
                return null;
            }

            return toName;
        }

        private int? ReadPositiveInt(XElement element, string attribute)
        {
            var raw = Attr(element, attribute);
            if (raw is null)
            {
                return null;
            }

            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                return value;
            }

            Error(element, $"{attribute}=\"{raw}\" is not valid; use a whole number of at least 1.");
            return null;
        }

        /// <summary>Label Studio's <c>granularity</c>: symbol and word are honoured; sentence and paragraph are refused.</summary>
        private TextGranularity? ReadGranularity(XElement element, string allowed)
        {
            switch (Attr(element, "granularity"))
            {
                case null:
                    return null;
                case "symbol":
                    return TextGranularity.Symbol;
                case "word":
                    return TextGranularity.Word;
                case "sentence" or "paragraph" when TagName(element) == "Text":
                    Error(element, $"granularity=\"{Attr(element, "granularity")}\" is not supported yet; use {allowed}.");
                    return null;
                case var other:
                    Error(element, $"granularity=\"{other}\" is not valid; use {allowed}.");
                    return null;
            }
        }

        private bool ReadBool(XElement element, string attribute)
        {
            switch (Attr(element, attribute))
            {
                case null or "false":
                    return false;
                case "true":
                    return true;
                case var other:
                    Error(element, $"{attribute}=\"{other}\" is not valid; use true or false.");
                    return false;
            }
        }

        private void CheckWiring()
        {
            foreach (var (control, tag) in _pendingWiring)
            {
                var target = Objects.FirstOrDefault(o => o.Name == control.ToName);
                if (target is null)
                {
                    Errors.Add(new ConfigError(control.Line, tag,
                        $"toName=\"{control.ToName}\" does not name any <Text> or <Image> in the configuration."));
                }
                else if (control is LabelsControl && target is not TextObject)
                {
                    Errors.Add(new ConfigError(control.Line, tag,
                        $"<Labels> marks spans of text, but toName=\"{control.ToName}\" names an <{(target is ImageObject ? "Image" : "object")}>; point it at a <Text>."));
                }
            }
        }

        private void RejectChildren(XElement element)
        {
            foreach (var child in element.Elements())
            {
                Error(child, $"<{TagName(child)}> is not allowed inside <{TagName(element)}>.");
            }
        }

        private void Error(XElement element, string message) =>
            Errors.Add(new ConfigError(LineOf(element), TagName(element), message));

        private static string TagName(XElement element) => element.Name.LocalName;

        private static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;
    }
}
