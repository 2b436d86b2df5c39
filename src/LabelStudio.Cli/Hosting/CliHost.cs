using LabelStudio.Data.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelStudio.Cli.Hosting;

/// <summary>
/// The services the data verbs need, configured exactly as the web app is: the root appsettings.json, then
/// appsettings.{Environment}.json, then LABELSTUDIO_-less environment variables (Database__Provider, ...).
/// </summary>
internal static class CliHost
{
    public static async Task<ServiceProvider> StartAsync(bool migrate = true)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                          ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

        var provider = StandaloneServices.Build(configuration,
            b => b.AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Warning));
        if (migrate)
        {
            await DatabaseInitializer.MigrateAsync(provider);
        }
        return provider;
    }
}
