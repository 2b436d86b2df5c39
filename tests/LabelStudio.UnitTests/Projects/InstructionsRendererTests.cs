using AngleSharp.Html.Parser;
using LabelStudio.Core.Projects;

namespace LabelStudio.UnitTests.Projects;

public sealed class InstructionsRendererTests
{
    [Fact]
    public void Markdown_features_survive()
    {
        var html = InstructionsRenderer.ToSafeHtml("""
            # Guidelines

            Mark **people** and *places*.

            - one
            - two

            1. first

            | Label | Meaning |
            |-------|---------|
            | PER   | person  |

            `inline` and

            ```
            code block
            ```

            [docs](https://labelstud.io/guide) and [mail](mailto:team@example.com) and ![logo](https://example.com/logo.png)
            """);
        Assert.Contains("<h1", html);
        Assert.Contains("<strong>people</strong>", html);
        Assert.Contains("<em>places</em>", html);
        Assert.Contains("<ul>", html);
        Assert.Contains("<ol>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<td>PER</td>", html);
        Assert.Contains("<code>inline</code>", html);
        Assert.Contains("<pre><code>code block", html);
        Assert.Contains("href=\"https://labelstud.io/guide\"", html);
        Assert.Contains("href=\"mailto:team@example.com\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
        Assert.Contains("<img src=\"https://example.com/logo.png\" alt=\"logo\"", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=\"alert(1)\">")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](javascript&#58;alert(1))")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("Hello {onclick=\"alert(1)\"}\n")]
    [InlineData("# Title {onmouseover=alert(1)}")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<form action=\"https://evil.example\"><input name=pw></form>")]
    public void No_script_can_run(string markdown)
    {
        var html = InstructionsRenderer.ToSafeHtml(markdown);
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var elements = document.Body!.QuerySelectorAll("*");
        Assert.All(elements, element =>
        {
            Assert.DoesNotContain(element.LocalName, new[] { "script", "iframe", "form", "svg", "object", "embed", "style" });
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
                var value = attribute.Value.Trim();
                Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={value}");
                Assert.False(value.StartsWith("data:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={value}");
            }
        });
    }

    [Fact]
    public void Sanitizer_also_cleans_html_that_markdig_would_emit()
    {
        var html = InstructionsRenderer.ToSafeHtml("[ok](https://example.com \"title\")");
        Assert.Contains("title=\"title\"", html);
        Assert.DoesNotContain("<script", InstructionsRenderer.ToSafeHtml("```html\n<script>alert(1)</script>\n```"));
        Assert.Contains("&lt;script&gt;", InstructionsRenderer.ToSafeHtml("```html\n<script>alert(1)</script>\n```"));
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_markup()
    {
        var html = InstructionsRenderer.ToSafeHtml("Use <b>bold</b> carefully");
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Blank_is_empty(string markdown) => Assert.Equal(string.Empty, InstructionsRenderer.ToSafeHtml(markdown));
}
