using System.Diagnostics;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;

namespace LabelStudio.Feedback.Batch;

/// <summary>
/// The whole click-feedback pipeline for the CLI, the benchmark and the app:
/// ingest → clean → aggregate → models → calibrate/decide → write.
/// </summary>
public sealed class FeedbackInferRunner
{
    /// <summary>Runs the pipeline; writes the labels TSV when <see cref="FeedbackInferOptions.OutputPath"/> is set.</summary>
    public FeedbackInferResult Run(FeedbackInferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timings = new List<StageTiming>();
        var sw = Stopwatch.StartNew();

        var seed = new List<SeedLabel>();
        int seedMalformed = 0;
        if (options.SeedPath is not null)
        {
            try
            {
                seed.AddRange(SeedReader.Read(options.SeedPath, out seedMalformed));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new FeedbackInputException($"Cannot read seed file '{options.SeedPath}': {ex.Message}", ex);
            }
        }
        if (options.Seed is not null)
        {
            seed.AddRange(options.Seed);
        }

        using var ingestor = new ClickLogIngestor(options.Ingest);
        try
        {
            using var stream = new FileStream(options.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            ingestor.Add(stream, options.Format);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeedbackInputException($"Cannot read click log '{options.InputPath}': {ex.Message}", ex);
        }
        timings.Add(new StageTiming("ingest", sw.Elapsed));

        var aggregate = ingestor.Complete(out var clean, out var aggregateTime);
        timings.Add(new StageTiming("clean", clean));
        timings.Add(new StageTiming("aggregate", aggregateTime));

        sw.Restart();
        var scores = ClickModels.Fit(aggregate, options.Models);
        timings.Add(new StageTiming("models", sw.Elapsed));

        sw.Restart();
        var labels = FeedbackLabeler.Label(aggregate, scores, seed.Count > 0 ? seed : null, options.Calibration);
        timings.Add(new StageTiming("calibrate", sw.Elapsed));

        sw.Restart();
        var graded = Graded.GradedLabeler.Label(aggregate, scores, labels, seed, options.Calibration);
        timings.Add(new StageTiming("graded", sw.Elapsed));

        var result = new FeedbackInferResult
        {
            Aggregate = aggregate,
            Scores = scores,
            Labels = labels,
            Graded = graded,
            Timings = timings,
            SeedMalformedRows = seedMalformed,
            InputPath = options.InputPath,
            Format = options.Format,
        };
        if (options.OutputPath is not null)
        {
            sw.Restart();
            try
            {
                result.WriteLabelsTsv(options.OutputPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new FeedbackInputException($"Cannot write '{options.OutputPath}': {ex.Message}", ex);
            }
            timings.Add(new StageTiming("write", sw.Elapsed));
        }
        return result;
    }
}
