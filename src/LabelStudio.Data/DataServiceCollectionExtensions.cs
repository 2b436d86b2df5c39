using LabelStudio.Data.Admin;
using LabelStudio.Data.ApiTokens;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Demo;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.Extensions.Configuration;
using LabelStudio.Data.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataServiceCollectionExtensions
{
    /// <summary>Database, identity stores and the feature services shared by the web app and the CLI.</summary>
    public static IServiceCollection AddLabelStudioCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Options bind from the configuration in the container (a host registers it; the CLI and tests may not).
        services.TryAddSingleton(configuration);
        services.AddLabelStudioDatabase(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLabelStudioOptions<ImportOptions>(ImportOptions.Section, ImportOptions.Validate);
        services.AddLabelStudioOptions<FeedbackOptions>(FeedbackOptions.Section, FeedbackOptions.Validate);
        services.AddLabelStudioOptions<DemoOptions>(DemoOptions.Section, DemoOptions.Validate);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DemoOptions>>().Value);
        services.AddLabelStudioJobs();
        services.AddSingleton<LabelingConfigCache>();
        services.AddSingleton<OpenTaskCountCache>();
        services.AddSingleton<ReservationSweeps>();
        services.AddScoped<ProjectService>();
        services.AddScoped<UserService>();
        services.AddSingleton<UserAccessCache>();
        services.AddScoped<AuditOrigin>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditReader>();
        services.AddSingleton<ApiTokenCache>();
        services.AddSingleton<ApiTokenUsageRecorder>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<ImportService>();
        services.AddScoped<LabelStudio.Data.Validation.ValidationService>();
        services.AddScoped<LabelingService>();
        services.AddScoped<DraftService>();
        services.AddScoped<RevisionService>();
        services.AddScoped<FeedbackService>();
        services.AddScoped<FeedbackIngestService>();
        services.AddScoped<FeedbackGenerationService>();
        services.AddScoped<FeedbackQueueService>();
        services.AddScoped<FeedbackLoopService>();
        services.AddSingleton<FeedbackLabelExporter>();
        services.AddScoped<LabelStudio.Data.Feedback.Evaluation.FeedbackEvaluationService>();
        services.AddSingleton<LabelStudio.Data.Feedback.Evaluation.FeedbackEvaluationCache>();
        services.AddScoped<FeedbackDriftService>();
        services.AddScoped<FeedbackCatalogService>();
        services.AddLabelStudioQuality(configuration);
        services.AddLabelStudioReview();
        services.AddLabelStudioDatasets();
        services.AddScoped<DemoSeeder>();
        return services;
    }
}
