using LabelStudio.Data.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace LabelStudio.Web.Features.Security;

/// <summary>
/// Form posts to the API. Another site can make a browser send a form with the user's cookie, so a form that the
/// cookie authenticates must carry the antiforgery token (header <c>RequestVerificationToken</c> or form field).
/// A caller with a bearer or personal API token is not at risk (no site can add that header) and needs none.
/// </summary>
internal static class ApiAntiforgery
{
    public static async Task ValidateFormAsync(HttpContext context)
    {
        var cookie = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!cookie.Succeeded) return;
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            throw new DomainValidationException(
                "The form has no valid antiforgery token. Upload from the project's Import tab, send the file as the raw " +
                "request body, or call the API with a token (Authorization: Bearer … or Token …).");
        }
    }
}
