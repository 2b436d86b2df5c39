extern alias web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Infrastructure;

/// <summary>The real app on Kestrel (a real loopback socket) over the given SQLite file, in Production mode.</summary>
public sealed class BenchmarkApp : WebApplicationFactory<web::Program>
{
    private readonly string _databasePath;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public BenchmarkApp(string databasePath, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _databasePath = databasePath;
        _settings = settings ?? new Dictionary<string, string?>();
        // Outside a test project the factory cannot find the app's folder by itself.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LabelStudio.sln"))) root = root.Parent;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LABELSTUDIO_WEB",
            Path.Combine(root?.FullName ?? ".", "src", "LabelStudio.Web"));
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:LabelStudio", $"Data Source={_databasePath}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }
}
