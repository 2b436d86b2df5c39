using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelStudio.Cli.Hosting;

/// <summary>
/// The services the data verbs need, configured exactly as the web app is: the root appsettings.json, then
/// appsettings.{Environment}.json, then environment variables (Database__Provider, ...), then settings on the command
/// line (--Database:Provider SqlServer). Every options class is validated before anything runs.
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
            .AddInMemoryCollection(ConfigurationArguments.Overrides)
            .Build();

        var provider = StandaloneServices.Build(configuration,
            b => b.AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Warning));
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            if (migrate)
            {
                await DatabaseInitializer.MigrateAsync(provider);
                // A command-line import killed midway is cleaned up by the next command (or by the web app).
                await provider.GetRequiredService<JobRecovery>().RecoverAsync();
                await provider.GetRequiredService<StagedRowsCleaner>().CleanAsync(CancellationToken.None);
            }
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
        return provider;
    }
}
