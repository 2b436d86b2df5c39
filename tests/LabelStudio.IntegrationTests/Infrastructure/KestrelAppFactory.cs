using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>The real app on a real Kestrel socket (random port) over a real SQLite file.</summary>
public sealed class KestrelAppFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = new();
    private readonly bool _seedDemo;

    public KestrelAppFactory(bool seedDemo = false, FakeTimeProvider? clock = null)
    {
        _seedDemo = seedDemo;
        Clock = clock;
        UseKestrel(0);
    }

    public FakeTimeProvider? Clock { get; }

    public TestDatabase Database => _database;

    public LogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:LabelStudio", _database.ConnectionString);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Demo:Seed", _seedDemo ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (Clock is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
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
