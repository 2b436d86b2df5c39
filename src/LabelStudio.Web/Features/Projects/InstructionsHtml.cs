using LabelStudio.Core.Projects;

namespace LabelStudio.Web.Features.Projects;

/// <summary>The single place the admin screens turn instructions Markdown into (sanitized) HTML.</summary>
internal static class InstructionsHtml
{
    public static string Render(string markdown) => InstructionsRenderer.ToSafeHtml(markdown);
}
