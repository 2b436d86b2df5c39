using LabelStudio.Web.Features.Account;
using LabelStudio.Web.Features.Admin;
using LabelStudio.Web.Features.Audit;
using LabelStudio.Web.Features.Datasets;
using LabelStudio.Web.Features.Feedback;
using LabelStudio.Web.Features.Import;
using LabelStudio.Web.Features.Jobs;
using LabelStudio.Web.Features.Labeling;
using LabelStudio.Web.Features.Projects;
using LabelStudio.Web.Features.Quality;
using LabelStudio.Web.Features.Validation;
using LabelStudio.Web.Features.Review;

namespace LabelStudio.Web;

public static class FeatureRegistration
{
    public static IServiceCollection AddLabelStudioFeatures(this IServiceCollection services)
    {
        services.AddHostedService<JobRunner>();
        services.AddHostedService<CleanupWorker>();
        services.AddHostedService<QualityRecomputeWorker>();
        services.AddScoped<FeedbackBadge>();
        return services;
    }

    /// <summary>
    /// The REST API. Every group needs a signed-in user (cookie, bearer token or personal API token); services check the
    /// rest. Each endpoint carries a summary and its response types for the OpenAPI document (<c>/openapi/v1.json</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapLabelStudioApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(AuthenticationServiceCollectionExtensions.ApiPolicy)
            .AddEndpointFilter<ApiExceptionFilter>();
        api.MapProjectsApi();
        api.MapImportApi();
        api.MapLabelingApi();
        api.MapUsersApi();
        api.MapRuntimeApi();
        api.MapQualityApi();
        api.MapValidationApi();
        api.MapReviewApi();
        api.MapFeedbackApi();
        api.MapFeedbackEvaluationApi();
        api.MapFeedbackDriftApi();
        api.MapJobsApi();
        api.MapAccountApi();
        api.MapAuditApi();
        api.MapDatasetsApi();
        return endpoints;
    }
}
