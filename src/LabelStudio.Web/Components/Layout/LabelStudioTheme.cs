using MudBlazor;

namespace LabelStudio.Web.Components.Layout;

public static class LabelStudioTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4F46E5",
            // Darker than MudBlazor's defaults so that text in these colours, also on their light chip tints, keeps
            // a 4.5:1 contrast (WCAG 2.1 AA).
            Secondary = "#475569",
            Tertiary = "#0EA5E9",
            AppbarBackground = "#1E1B4B",
            AppbarText = "#FFFFFF",
            Background = "#F8FAFC",
            DrawerBackground = "#FFFFFF",
            Success = "#166534",
            Warning = "#92400E",
            Error = "#B91C1C",
            Info = "#0369A1",
            TextSecondary = "#475569",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
