using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Database;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// The click-feedback labels a version reads: the control they answer and the generation (ingest or recompute) that was
/// current when the version was built. The generation, the relevant grade and the seed are recorded with the version
/// (<see cref="ClickLabelSnapshot"/>), so a rebuild reads the same labels whatever was ingested or set since.
/// </summary>
internal sealed record DatasetClickInputs(FinalLabelService.ClickControlInfo Control, long Generation)
{
    public const string GenerationProperty = "clickGeneration";
    public const string RelevantGradeProperty = "clickRelevantMinGrade";
    public const string SeedProperty = "clickSeed";

    /// <summary>At build time: the project's current click labels, as of the version's watermarks (null before any generation).</summary>
    public static async Task<ClickLabelSnapshot?> CurrentSnapshotAsync(AppDbContext db, DatasetVersion version, CancellationToken ct)
    {
        var generation = await FeedbackService.CurrentGeneration(db, version.ProjectId).Select(g => (long?)g).FirstOrDefaultAsync(ct);
        if (generation is not { } g) return null;
        var grade = await FeedbackLabelExporter.RelevantMinGradeAsync(db, version.ProjectId, ct);
        var seed = await db.FeedbackSeeds.Where(s => s.ProjectId == version.ProjectId).MaxAsync(s => (long?)s.Id, ct);
        return new ClickLabelSnapshot(g, grade, seed, version.OutcomeWatermark, version.GoldWatermark);
    }

    /// <summary>Whether the version recorded a click generation (and so has a click-label file).</summary>
    public static bool Recorded(DatasetVersion version)
    {
        if (string.IsNullOrEmpty(version.ConsensusJson) || !version.ConsensusJson.Contains(GenerationProperty, StringComparison.Ordinal)) return false;
        using var document = JsonDocument.Parse(version.ConsensusJson);
        return document.RootElement.TryGetProperty(GenerationProperty, out var g) && g.ValueKind == JsonValueKind.Number;
    }

    /// <summary>What a version recorded (null for versions built before the project had click labels).</summary>
    public static async Task<ClickLabelSnapshot?> SnapshotOfAsync(AppDbContext db, DatasetVersion version, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(version.ConsensusJson)) return null;
        using var document = JsonDocument.Parse(version.ConsensusJson);
        var root = document.RootElement;
        if (!root.TryGetProperty(GenerationProperty, out var generation) || generation.ValueKind != JsonValueKind.Number) return null;
        // Versions made before the grade and the seed were recorded read the project's current ones.
        var grade = root.TryGetProperty(RelevantGradeProperty, out var g) && g.ValueKind == JsonValueKind.Number
            ? g.GetInt32() : await FeedbackLabelExporter.RelevantMinGradeAsync(db, version.ProjectId, ct);
        long? seed = root.TryGetProperty(SeedProperty, out var s)
            ? s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null
            : await db.FeedbackSeeds.Where(x => x.ProjectId == version.ProjectId).MaxAsync(x => (long?)x.Id, ct);
        return new ClickLabelSnapshot(generation.GetInt64(), grade, seed, version.OutcomeWatermark, version.GoldWatermark);
    }

    /// <summary>The inputs of a snapshot, when the version's configuration has a control click feedback answers.</summary>
    public static async Task<DatasetClickInputs?> ForAsync(AppDbContext db, Project project, LabelingConfiguration config,
        ClickLabelSnapshot? snapshot, CancellationToken ct)
    {
        if (snapshot is null) return null;
        var control = await FinalLabelService.ClickControlAsync(db, project, config, ct, snapshot.RelevantMinGrade);
        return control is null ? null : new DatasetClickInputs(control, snapshot.Generation);
    }
}
