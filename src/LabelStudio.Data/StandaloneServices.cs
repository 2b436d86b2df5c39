using LabelStudio.Data.Audit;
using LabelStudio.Data.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The app's data services outside a web host (the CLI, design-time tooling, benchmarks): the same registrations as
/// the web app, so the model and the services behave identically.
/// </summary>
public static class StandaloneServices
{
    public static ServiceProvider Build(IConfiguration configuration, Action<ILoggingBuilder>? logging = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging ?? (_ => { }));
        services.AddDataProtection();
        services.AddLabelStudioCore(configuration);
        services.AddLabelStudioIdentityCore();
        // Audit events written outside the web app say so.
        services.AddScoped(_ => new AuditOrigin { IpAddress = "local", UserAgent = "labelstudio command line" });
        return services.BuildServiceProvider();
    }

    /// <summary>Services on the given provider and connection string, nothing else configured.</summary>
    public static ServiceProvider Build(DatabaseProvider provider, string connectionString) =>
        Build(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:LabelStudio"] = connectionString,
        }).Build());
}
