using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>The colour of each label: its <c>background</c> attribute when it is a safe CSS colour, else a fixed palette by position.</summary>
public static class LabelColors
{
    private static readonly string[] Palette = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab", "#c0ca33"];

    public static string Of(LabelsControl control, string label)
    {
        var index = control.Labels.ToList().FindIndex(l => l.Value == label);
        if (index < 0)
        {
            return "#9e9e9e";
        }

        var background = control.Labels[index].Background;
        return IsSafe(background) ? background! : Palette[index % Palette.Length];
    }

    private static bool IsSafe(string? color) =>
        !string.IsNullOrWhiteSpace(color) && color.Length <= 32
        && color.All(c => char.IsLetterOrDigit(c) || c is '#' or '(' or ')' or ',' or '.' or ' ' or '%');
}
