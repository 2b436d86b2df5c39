using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class QualityServiceCollectionExtensions
{
    /// <summary>Task outcomes, quality snapshots, the recompute queue and its runner (the web host adds the worker that drains it).</summary>
    public static IServiceCollection AddLabelStudioQuality(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLabelStudioOptions<QualityOptions>(QualityOptions.Section, QualityOptions.Validate);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<QualityOptions>>().Value);
        services.AddSingleton<ScoringModelCache>();
        services.AddSingleton(sp => new QualityRecomputeQueue
        {
            Debounce = TimeSpan.FromMilliseconds(sp.GetRequiredService<QualityOptions>().DebounceMilliseconds),
        });
        services.AddSingleton<QualityRecomputeState>();
        services.AddSingleton<QualityRecomputeRunner>();
        services.AddScoped<TaskOutcomeService>();
        services.AddScoped<QualityRecomputer>();
        services.AddScoped<ConsensusRunService>();
        services.AddScoped<QualityService>();
        services.AddScoped<GoldService>();
        return services;
    }
}
