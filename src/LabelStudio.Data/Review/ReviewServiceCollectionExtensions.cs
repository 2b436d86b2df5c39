using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;

namespace Microsoft.Extensions.DependencyInjection;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>Resolutions, final labels, the review queue, the task browser, gold checks and rater feedback.</summary>
    public static IServiceCollection AddLabelStudioReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewNotifier>();
        services.AddScoped<FinalLabelService>();
        services.AddScoped<ResolutionService>();
        services.AddScoped<ConflictQueueService>();
        services.AddScoped<InstructionsHistory>();
        services.AddScoped<TaskDetailService>();
        services.AddScoped<TaskBrowserService>();
        services.AddScoped<GoldCheckService>();
        services.AddScoped<RaterFeedbackService>();
        services.AddScoped<ReviewStatsService>();
        return services;
    }
}
