using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;

namespace LabelStudio.IntegrationTests.Security;

/// <summary>The app served over real HTTPS (a throwaway self-signed certificate): the sign-in cookie is Secure.</summary>
public sealed class HttpsCookieTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly KestrelAppFactory _app;

    public HttpsCookieTests() => _app = new KestrelAppFactory(httpsCertificate: _certificate);

    public async Task InitializeAsync() => await _app.CreateUserAsync("rater@test.local", Roles.Rater);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task SignIn_OverHttps_SetsASecureHttpOnlyLaxCookie()
    {
        Assert.StartsWith("https://", _app.BaseUrl);
        using var client = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            // Trust exactly this test certificate.
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == _certificate.Thumbprint,
        }) { BaseAddress = new Uri(_app.BaseUrl) };

        var response = await CookieSession.PostLoginAsync(client, "rater@test.local", TestApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel on Linux needs the key in a form it can load: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
