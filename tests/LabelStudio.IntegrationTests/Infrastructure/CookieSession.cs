using System.Net;
using System.Text.RegularExpressions;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>A browser-like client: it posts the sign-in form (with its antiforgery token) and keeps the cookies.</summary>
public static partial class CookieSession
{
    /// <summary>Posts the sign-in form; the response is returned as is (redirects are not followed).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var token = AntiforgeryToken(await client.GetStringAsync(path));
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>A client signed in through the sign-in page, holding the authentication cookie.</summary>
    public static async Task<HttpClient> SignInWithCookieAsync(this KestrelAppFactory app, string email, string password = TestApp.Password)
    {
        var client = app.CreateBrowserClient();
        var response = await PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A client with a cookie jar that does not follow redirects.</summary>
    public static HttpClient CreateBrowserClient(this KestrelAppFactory app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(app.BaseUrl),
        };

    /// <summary>The antiforgery token rendered into a page's form.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"\\s+value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
