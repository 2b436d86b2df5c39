using Microsoft.AspNetCore.Components;

namespace LabelStudio.Web.Features.Identity;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    /// <summary>Goes to a path on this site; anything else (another host, a malformed address) goes to the home page.</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalUrl.OrRoot(uri));
}
