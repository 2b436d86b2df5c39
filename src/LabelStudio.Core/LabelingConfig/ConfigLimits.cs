using System.Globalization;
using System.Xml;

namespace LabelStudio.Core.LabelingConfig;

/// <summary>
/// Bounds on a labeling configuration, checked before any tree is built: a configuration is written by people and is
/// small, so anything beyond these is an attack or an accident, and must not cost the server its stack or memory.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Longest configuration accepted, in characters.</summary>
    public const int MaxCharacters = 1 << 20;

    /// <summary>Deepest nesting of tags (the root <c>View</c> is level 1).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most tags in one configuration (a taxonomy of a few thousand choices still fits).</summary>
    public const int MaxElements = 20_000;

    /// <summary>Longest attribute value, in characters.</summary>
    public const int MaxAttributeLength = 10_000;

    /// <summary>Most attributes on one tag.</summary>
    public const int MaxAttributes = 64;

    internal static ConfigError? CheckLength(string xml) => xml.Length <= MaxCharacters
        ? null
        : new ConfigError(1, null, string.Create(CultureInfo.InvariantCulture,
            $"The labeling configuration is {xml.Length:N0} characters long; at most {MaxCharacters:N0} are allowed."));

    /// <summary>One forward-only pass over the XML; the first limit exceeded, or null. Throws <see cref="XmlException"/>.</summary>
    internal static ConfigError? CheckStructure(string xml, XmlReaderSettings settings)
    {
        using var stringReader = new StringReader(xml);
        using var reader = XmlReader.Create(stringReader, settings);
        var lines = reader as IXmlLineInfo;
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var line = lines?.LineNumber ?? 1;
            var tag = reader.LocalName;
            if (reader.Depth + 1 > MaxDepth)
            {
                return new ConfigError(line, tag, string.Create(CultureInfo.InvariantCulture,
                    $"Tags are nested more than {MaxDepth} levels deep here; at most {MaxDepth} levels are allowed."));
            }

            if (++elements > MaxElements)
            {
                return new ConfigError(line, tag, string.Create(CultureInfo.InvariantCulture,
                    $"The configuration has more than {MaxElements:N0} tags; at most {MaxElements:N0} are allowed."));
            }

            if (reader.AttributeCount > MaxAttributes)
            {
                return new ConfigError(line, tag, string.Create(CultureInfo.InvariantCulture,
                    $"The tag has {reader.AttributeCount} attributes; at most {MaxAttributes} are allowed."));
            }

            while (reader.MoveToNextAttribute())
            {
                if (reader.Value.Length > MaxAttributeLength)
                {
                    return new ConfigError(line, tag, string.Create(CultureInfo.InvariantCulture,
                        $"The attribute {reader.Name} is {reader.Value.Length:N0} characters long; at most {MaxAttributeLength:N0} are allowed."));
                }
            }
        }

        return null;
    }
}
