using MudBlazor;

namespace LabelStudio.Web.Components.Layout;

public static class LabelStudioTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4F46E5",
            Secondary = "#64748B",
            Tertiary = "#0EA5E9",
            AppbarBackground = "#1E1B4B",
            AppbarText = "#FFFFFF",
            Background = "#F8FAFC",
            DrawerBackground = "#FFFFFF",
            Success = "#16A34A",
            Warning = "#D97706",
            Error = "#DC2626",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
