using LabelStudio.Core.LabelingConfig;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>
/// Renders the configuration tree: a View is a div around its children, in document order. The tree is walked with
/// an explicit stack rather than by nesting components, so how deep a configuration nests never decides how deep
/// the server's stack goes.
/// </summary>
public sealed class ConfigTreeView : ComponentBase
{
    [Parameter, EditorRequired] public ViewNode Root { get; set; } = default!;

    [Parameter, EditorRequired] public LabelingScreen Screen { get; set; } = default!;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var open = new Stack<IEnumerator<ConfigNode>>();
        OpenView(builder, Root, open);
        while (open.Count > 0)
        {
            var children = open.Peek();
            if (!children.MoveNext())
            {
                children.Dispose();
                open.Pop();
                builder.CloseElement();
                builder.CloseRegion();
                continue;
            }

            if (children.Current is ViewNode view)
            {
                OpenView(builder, view, open);
            }
            else
            {
                builder.OpenRegion(10);
                RenderLeaf(builder, children.Current);
                builder.CloseRegion();
            }
        }
    }

    private static void OpenView(RenderTreeBuilder builder, ViewNode view, Stack<IEnumerator<ConfigNode>> open)
    {
        builder.OpenRegion(0);
        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "ls-view");
        builder.AddAttribute(3, "style", view.Style);
        open.Push(view.Children.GetEnumerator());
    }

    private void RenderLeaf(RenderTreeBuilder builder, ConfigNode node)
    {
        switch (node)
        {
            case HeaderNode header:
                builder.OpenComponent<MudText>(0);
                builder.AddComponentParameter(1, nameof(MudText.Typo), Typo.h6);
                builder.AddComponentParameter(2, nameof(MudText.Class), "ls-header");
                var text = Screen.ResolveHeader(header);
                builder.AddComponentParameter(3, nameof(MudText.ChildContent), (RenderFragment)(b => b.AddContent(0, text)));
                builder.CloseComponent();
                break;
            case TextObject textObject:
                Component<TextObjectView>(builder, nameof(TextObjectView.Text), textObject);
                break;
            case ImageObject image:
                RenderImage(builder, image);
                break;
            case ChoicesControl choices:
                Component<ChoicesView>(builder, nameof(ChoicesView.Control), choices);
                break;
            case LabelsControl labels:
                Component<LabelsView>(builder, nameof(LabelsView.Control), labels);
                break;
            case RatingControl rating:
                Component<RatingView>(builder, nameof(RatingView.Control), rating);
                break;
            case TextAreaControl textArea:
                Component<TextAreaView>(builder, nameof(TextAreaView.Control), textArea);
                break;
        }
    }

    private void Component<T>(RenderTreeBuilder builder, string parameter, object value) where T : IComponent
    {
        builder.OpenComponent<T>(20);
        builder.AddComponentParameter(21, parameter, value);
        builder.AddComponentParameter(22, "Screen", Screen);
        builder.CloseComponent();
    }

    private void RenderImage(RenderTreeBuilder builder, ImageObject image)
    {
        var url = Screen.ImageUrlOf(image);
        builder.OpenElement(30, "div");
        builder.AddAttribute(31, "class", "ls-image");
        builder.AddAttribute(32, "data-testid", "task-image");
        if (url is null)
        {
            builder.OpenComponent<MudAlert>(33);
            builder.AddComponentParameter(34, nameof(MudAlert.Severity), Severity.Warning);
            builder.AddComponentParameter(35, nameof(MudAlert.Dense), true);
            var message = $"This task has no usable image URL in \"{image.DataField}\".";
            builder.AddComponentParameter(36, nameof(MudAlert.ChildContent), (RenderFragment)(b => b.AddContent(0, message)));
            builder.CloseComponent();
        }
        else
        {
            builder.OpenElement(37, "img");
            builder.AddAttribute(38, "src", url);
            builder.AddAttribute(39, "alt", $"Task image ({image.Name})");
            builder.CloseElement();
        }

        builder.CloseElement();
    }
}
