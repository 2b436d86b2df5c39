using LabelStudio.Data.Datasets;

namespace Microsoft.Extensions.DependencyInjection;

public static class DatasetsServiceCollectionExtensions
{
    /// <summary>Dataset versions: the build and export jobs, files, manifests, cards and diffs.</summary>
    public static IServiceCollection AddLabelStudioDatasets(this IServiceCollection services)
    {
        services.AddSingleton<DatasetStorage>();
        services.AddSingleton<DatasetFileWriter>();
        services.AddSingleton<DatasetClickLabelFile>();
        services.AddScoped<DatasetBuilder>();
        services.AddScoped<DatasetService>();
        services.AddScoped<DatasetDiffService>();
        services.AddScoped<DatasetReproducer>();
        services.AddScoped<DatasetManifestService>();
        services.AddJobHandler<DatasetJobHandler>();
        services.AddJobHandler<DatasetExportJobHandler>();
        return services;
    }
}
