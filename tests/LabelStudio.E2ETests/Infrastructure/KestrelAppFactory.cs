using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.E2ETests.Infrastructure;

/// <summary>The real app on a real Kestrel socket over a real SQLite file, for the browser to talk to.</summary>
public sealed class KestrelAppFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = new();
    private readonly bool _seedDemo;

    public KestrelAppFactory(bool seedDemo = false)
    {
        _seedDemo = seedDemo;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:LabelStudio", _database.ConnectionString);
        builder.UseSetting("Demo:Seed", _seedDemo ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _database.Dispose();
    }
}
