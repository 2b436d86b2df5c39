using LabelStudio.Web.Features.Admin;
using LabelStudio.Web.Features.Feedback;
using LabelStudio.Web.Features.Import;
using LabelStudio.Web.Features.Labeling;
using LabelStudio.Web.Features.Projects;
using LabelStudio.Web.Features.Quality;
using LabelStudio.Web.Features.Review;

namespace LabelStudio.Web;

public static class FeatureRegistration
{
    public static IServiceCollection AddLabelStudioFeatures(this IServiceCollection services)
    {
        services.AddSingleton<ImportJobService>();
        services.AddSingleton<FeedbackJobService>();
        services.AddHostedService<QualityRecomputeWorker>();
        services.AddScoped<FeedbackBadge>();
        return services;
    }

    /// <summary>The REST API. Every group needs a signed-in user (cookie or bearer token); services check the rest.</summary>
    public static IEndpointRouteBuilder MapLabelStudioApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(AuthenticationServiceCollectionExtensions.ApiPolicy)
            .AddEndpointFilter<ApiExceptionFilter>();
        api.MapProjectsApi();
        api.MapImportApi();
        api.MapLabelingApi();
        api.MapUsersApi();
        api.MapQualityApi();
        api.MapReviewApi();
        api.MapFeedbackApi();
        return endpoints;
    }
}
