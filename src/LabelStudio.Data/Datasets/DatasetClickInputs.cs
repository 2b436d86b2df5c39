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
/// current when the version was built. The generation is recorded with the version, so a rebuild reads the same labels
/// whatever was ingested since.
/// </summary>
internal sealed record DatasetClickInputs(FinalLabelService.ClickControlInfo Control, long Generation)
{
    public const string GenerationProperty = "clickGeneration";

    /// <summary>At build time: the project's current generation, when its config has a control click feedback answers.</summary>
    public static async Task<DatasetClickInputs?> CurrentAsync(AppDbContext db, Project project, LabelingConfiguration config, CancellationToken ct)
    {
        var control = await FinalLabelService.ClickControlAsync(db, project, config, ct);
        if (control is null) return null;
        var generation = await FeedbackService.CurrentGeneration(db, project.Id).Select(g => (long?)g).FirstOrDefaultAsync(ct);
        return generation is { } g ? new DatasetClickInputs(control, g) : null;
    }

    /// <summary>At rebuild time: the generation the version recorded (none for versions without click labels).</summary>
    public static async Task<DatasetClickInputs?> OfVersionAsync(AppDbContext db, Project project, LabelingConfiguration config,
        DatasetVersion version, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(version.ConsensusJson)) return null;
        using var document = JsonDocument.Parse(version.ConsensusJson);
        if (!document.RootElement.TryGetProperty(GenerationProperty, out var value) || value.ValueKind != JsonValueKind.Number) return null;
        var control = await FinalLabelService.ClickControlAsync(db, project, config, ct);
        return control is null ? null : new DatasetClickInputs(control, value.GetInt64());
    }
}
