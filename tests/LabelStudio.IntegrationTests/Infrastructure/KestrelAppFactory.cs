using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel socket (random port) over a real SQLite file, in the Production environment (what the
/// README's run command uses). <paramref name="settings"/> override configuration keys; with
/// <paramref name="httpsCertificate"/> the socket speaks HTTPS; <paramref name="services"/> changes the app's services last.
/// </summary>
public sealed class KestrelAppFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = new();
    private readonly bool _seedDemo;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public KestrelAppFactory(bool seedDemo = false, FakeTimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null, X509Certificate2? httpsCertificate = null,
        Action<IServiceCollection>? services = null)
    {
        _seedDemo = seedDemo;
        _services = services;
        _settings = settings ?? new Dictionary<string, string?>();
        Clock = clock;
        if (httpsCertificate is null) UseKestrel(0);
        else UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(httpsCertificate)));
    }

    public FakeTimeProvider? Clock { get; }

    public TestDatabase Database => _database;

    /// <summary>Where this app spools uploads and keeps job files (beside its database).</summary>
    public string WorkDirectory => Path.Combine(_database.Directory, "work");

    public LogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:LabelStudio", _database.ConnectionString);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Demo:Seed", _seedDemo ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_settings.TryGetValue("Kestrel:Limits:MaxRequestBodySize", out var max) && max is not null)
        {
            builder.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = long.Parse(max, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (Clock is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
        if (_services is not null) builder.ConfigureServices(_services);
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    /// <summary>A plain HTTP client to the real socket (no cookies).</summary>
    public HttpClient CreateSocketClient() => new() { BaseAddress = new Uri(BaseUrl) };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _database.Dispose();
    }
}
