using Ganss.Xss;
using Markdig;

namespace LabelStudio.Core.Projects;

/// <summary>
/// Renders project instructions written in Markdown to HTML that is safe to show raters: raw HTML in the Markdown
/// is not passed through, and the output is sanitized so no script can run (no <c>script</c> tags, no <c>on*</c>
/// handlers, no <c>javascript:</c> or <c>data:</c> URLs). Tables, lists, code, images and http(s)/mailto links remain.
/// </summary>
public static class InstructionsRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>Markdown to sanitized HTML. Null or blank input gives an empty string.</summary>
    public static string ToSafeHtml(string markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var html = Markdown.ToHtml(markdown, Pipeline);
        return Sanitizer.Sanitize(html).Trim();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        foreach (var tag in new[] { "form", "button", "select", "option", "textarea", "iframe", "object", "embed", "style", "link", "meta", "base" })
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAtRules.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("href"))
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
