using System.Net;

namespace LabelStudio.Web.Features.Projects;

/// <summary>The single place the admin screens turn instructions Markdown into HTML.</summary>
internal static class InstructionsHtml
{
    // Interim: plain encoded text until LabelStudio.Core.Projects.InstructionsRenderer lands.
    public static string Render(string markdown) =>
        "<p style=\"white-space:pre-wrap\">" + WebUtility.HtmlEncode(markdown) + "</p>";
}
