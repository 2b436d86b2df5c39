using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;

namespace LabelStudio.Feedback.Batch;

/// <summary>Inputs and settings of one batch inference run.</summary>
public sealed class FeedbackInferOptions
{
    /// <summary>Click log path.</summary>
    public required string InputPath { get; init; }

    /// <summary>Click log format.</summary>
    public ClickLogFormat Format { get; init; } = ClickLogFormat.Native;

    /// <summary>Where to write the labels TSV (null = do not write).</summary>
    public string? OutputPath { get; init; }

    /// <summary>Optional human seed TSV (query_id, doc_id, grade).</summary>
    public string? SeedPath { get; init; }

    /// <summary>Optional in-memory seed (e.g. consensus labels); used together with <see cref="SeedPath"/> when both are given.</summary>
    public IReadOnlyList<SeedLabel>? Seed { get; init; }

    /// <summary>Parsing and cleaning settings.</summary>
    public IngestOptions Ingest { get; init; } = new();

    /// <summary>Model settings.</summary>
    public ModelOptions Models { get; init; } = new();

    /// <summary>Calibration and decision settings (target precision lives here).</summary>
    public CalibrationOptions Calibration { get; init; } = new();
}
