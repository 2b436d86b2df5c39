using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;

namespace Microsoft.Extensions.DependencyInjection;

public static class JobsServiceCollectionExtensions
{
    /// <summary>The job runner's parts shared by the web app and the CLI (the web app adds the background workers).</summary>
    public static IServiceCollection AddLabelStudioJobs(this IServiceCollection services)
    {
        services.AddLabelStudioOptions<JobOptions>(JobOptions.Section, JobOptions.Validate);
        services.AddSingleton<WorkDirectories>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<JobService>();
        services.AddSingleton<JobRecovery>();
        // The lock paces on real time: the registered TimeProvider is the calendar (faked in tests that move dates),
        // and a job resting on a calendar that stands still would never wake.
        services.AddSingleton(sp => new WriteLock(sp.GetRequiredService<LabelStudio.Data.Database.DatabaseOptions>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value));
        services.AddSingleton<StagedRowsCleaner>();
        services.AddSingleton<LabelStudio.Data.Database.SqliteStatistics>();
        services.AddSingleton<BulkTaskWriter>();
        services.AddJobHandler<ImportJobHandler>();
        services.AddJobHandler<ClickIngestJobHandler>();
        services.AddJobHandler<ClickRecomputeJobHandler>();
        return services;
    }

    /// <summary>Registers a kind of job (see <see cref="IJobHandler"/>); handlers are resolved per job, in a scope.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services) where THandler : class, IJobHandler =>
        services.AddScoped<IJobHandler, THandler>();
}
