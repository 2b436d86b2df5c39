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
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataServiceCollectionExtensions
{
    /// <summary>Database, identity stores and the feature services shared by the web app and the CLI.</summary>
    public static IServiceCollection AddLabelStudioCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLabelStudioDatabase(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LabelingConfigCache>();
        services.AddSingleton<OpenTaskCountCache>();
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
        services.AddScoped<LabelingService>();
        services.AddScoped<DraftService>();
        services.AddScoped<RevisionService>();
        services.AddScoped<FeedbackService>();
        services.AddLabelStudioQuality(configuration);
        services.AddLabelStudioReview();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton(DemoOptions.FromConfiguration(configuration));
        return services;
    }
}
