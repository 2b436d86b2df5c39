using LabelStudio.Data.ApiTokens;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Database;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<LabelConfigVersion> LabelConfigVersions => Set<LabelConfigVersion>();
    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportedRater> ImportedRaters => Set<ImportedRater>();
    public DbSet<LabelTask> Tasks => Set<LabelTask>();
    public DbSet<Annotation> Annotations => Set<Annotation>();
    public DbSet<Reservation> Reservations => Set<Reservation>();
    public DbSet<Draft> Drafts => Set<Draft>();
    public DbSet<Prediction> Predictions => Set<Prediction>();
    public DbSet<TaskOutcome> TaskOutcomes => Set<TaskOutcome>();
    public DbSet<QualitySnapshot> QualitySnapshots => Set<QualitySnapshot>();
    public DbSet<ConsensusRun> ConsensusRuns => Set<ConsensusRun>();
    public DbSet<TaskOutcomeRevision> TaskOutcomeRevisions => Set<TaskOutcomeRevision>();
    public DbSet<GoldAnswer> GoldAnswers => Set<GoldAnswer>();
    public DbSet<Review.Resolution> Resolutions => Set<Review.Resolution>();
    public DbSet<Review.RaterFeedbackRead> RaterFeedbackReads => Set<Review.RaterFeedbackRead>();
    public DbSet<InstructionsVersion> InstructionsVersions => Set<InstructionsVersion>();
    public DbSet<FeedbackIngest> FeedbackIngests => Set<FeedbackIngest>();
    public DbSet<FeedbackLabel> FeedbackLabels => Set<FeedbackLabel>();
    public DbSet<FeedbackSettings> FeedbackSettings => Set<FeedbackSettings>();
    public DbSet<FeedbackSeed> FeedbackSeeds => Set<FeedbackSeed>();
    public DbSet<FeedbackPairEvidence> FeedbackPairEvidence => Set<FeedbackPairEvidence>();
    public DbSet<FeedbackCatalogEntry> FeedbackCatalog => Set<FeedbackCatalogEntry>();
    public DbSet<Feedback.Evaluation.FeedbackRankerEvidence> FeedbackRankerEvidence => Set<Feedback.Evaluation.FeedbackRankerEvidence>();
    public DbSet<Feedback.Evaluation.FeedbackInterleavingEvidence> FeedbackInterleaving => Set<Feedback.Evaluation.FeedbackInterleavingEvidence>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Validation.StatisticsSnapshot> StatisticsSnapshots => Set<Validation.StatisticsSnapshot>();
    public DbSet<Validation.ValidationSettings> ValidationSettings => Set<Validation.ValidationSettings>();
    public DbSet<Datasets.DatasetVersion> DatasetVersions => Set<Datasets.DatasetVersion>();
    public DbSet<Datasets.DatasetItem> DatasetItems => Set<Datasets.DatasetItem>();
    public DbSet<Datasets.DatasetFile> DatasetFiles => Set<Datasets.DatasetFile>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>().Property(u => u.DisplayName).HasMaxLength(200);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        AddVisibilityFilters(builder);
    }

    /// <summary>
    /// Rows written by a job become visible all at once, when the job publishes its batch (or its ingest succeeds):
    /// until then every query, present and future, passes them by. Queries on hot paths that must stay index-only
    /// (the next-task walk, the counts) ignore these filters and account for hidden rows themselves.
    /// </summary>
    private void AddVisibilityFilters(ModelBuilder builder)
    {
        builder.Entity<LabelTask>().HasQueryFilter(t => t.ImportBatchId == null
            || !ImportBatches.Where(b => b.State != ImportBatchState.Published).Select(b => b.Id).Contains(t.ImportBatchId.Value));
        builder.Entity<Annotation>().HasQueryFilter(a => a.ImportBatchId == null
            || !ImportBatches.Where(b => b.State != ImportBatchState.Published).Select(b => b.Id).Contains(a.ImportBatchId.Value));
        builder.Entity<ImportedRater>().HasQueryFilter(r =>
            !ImportBatches.Where(b => b.State != ImportBatchState.Published).Select(b => b.Id).Contains(r.ImportBatchId));
        builder.Entity<Prediction>().HasQueryFilter(p => p.ImportBatchId == null
            || !ImportBatches.Where(b => b.State != ImportBatchState.Published).Select(b => b.Id).Contains(p.ImportBatchId.Value));
        builder.Entity<GoldAnswer>().HasQueryFilter(g => g.ImportBatchId == null
            || !ImportBatches.Where(b => b.State != ImportBatchState.Published).Select(b => b.Id).Contains(g.ImportBatchId.Value));
        builder.Entity<FeedbackLabel>().HasQueryFilter(l =>
            !FeedbackIngests.Where(i => i.State != FeedbackIngestState.Succeeded).Select(i => i.Id).Contains(l.IngestId));
    }
}
