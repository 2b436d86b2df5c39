using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Infrastructure;

public static class PageExtensions
{
    /// <summary>The prerendered DOM shows before the circuit connects; clicks before that are lost.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#ready[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public static async Task SignInAsync(this IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"), new() { Timeout = 30_000 });
        await page.WaitForInteractiveAsync();
    }

    public static ILocator TestId(this IPage page, string id) => page.Locator($"[data-testid='{id}']");

    public static async Task ScreenshotToAsync(this IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("LABELSTUDIO_SCREENSHOTS");
        if (string.IsNullOrEmpty(directory)) return;
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    /// <summary>A screenshot of one element (for sections of a long page), when screenshots are asked for.</summary>
    public static async Task ScreenshotToAsync(this ILocator element, string name)
    {
        var directory = Environment.GetEnvironmentVariable("LABELSTUDIO_SCREENSHOTS");
        if (string.IsNullOrEmpty(directory)) return;
        Directory.CreateDirectory(directory);
        await element.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png") });
    }
}
