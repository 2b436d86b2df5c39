using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class QualityServiceCollectionExtensions
{
    /// <summary>Task outcomes, quality snapshots and the recompute queue (the web host adds the worker that drains it).</summary>
    public static IServiceCollection AddLabelStudioQuality(this IServiceCollection services, IConfiguration configuration)
    {
        var options = QualityOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton<ScoringModelCache>();
        services.AddSingleton(new QualityRecomputeQueue
        {
            Debounce = TimeSpan.FromMilliseconds(options.DebounceMilliseconds),
        });
        services.AddSingleton<QualityRecomputeState>();
        services.AddScoped<TaskOutcomeService>();
        services.AddScoped<QualityRecomputer>();
        services.AddScoped<QualityService>();
        services.AddScoped<GoldService>();
        return services;
    }
}
