using System.CommandLine;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Cli.Feedback;

/// <summary><c>labelstudio feedback infer</c>: click log to relevance labels.</summary>
internal static class FeedbackCommand
{
    internal static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Click log (native JSON Lines or Yandex RPC TSV).", Required = true };
        var output = new Option<string>("--out") { Description = "Labels TSV to write (query_id, doc_id, score, p_rel, label).", Required = true };
        var seed = new Option<string?>("--seed") { Description = "Human seed TSV with header query_id, doc_id, grade (0-4)." };
        var precision = new Option<double>("--precision")
        {
            Description = "Target precision of the auto-labels on the seed.",
            DefaultValueFactory = _ => 0.95,
        };
        var format = new Option<string>("--format") { Description = "Input format: native or yandex.", DefaultValueFactory = _ => "native" };
        format.AcceptOnlyFromAmong("native", "yandex");
        var relevantGrade = new Option<int>("--relevant-grade") { Description = "Seed grade at or above which a pair is relevant.", DefaultValueFactory = _ => 2 };
        var satDwell = new Option<double>("--sat-dwell") { Description = "Dwell in seconds for a satisfied click.", DefaultValueFactory = _ => 30 };
        var noClean = new Option<bool>("--no-clean") { Description = "Keep duplicates, bot users and spam pairs." };
        var evidence = new Option<string?>("--evidence") { Description = "Also write per-pair evidence as JSON Lines to this path." };

        var infer = new Command("infer", "Turn a click log into relevance labels with calibrated abstention; prints a JSON summary.");
        foreach (var option in new Option[] { input, output, seed, precision, format, relevantGrade, satDwell, noClean, evidence })
        {
            infer.Options.Add(option);
        }
        infer.SetAction(parseResult =>
        {
            double target = parseResult.GetValue(precision);
            if (target is <= 0.5 or >= 1)
            {
                Console.Error.WriteLine("error: --precision must be between 0.5 and 1 (exclusive).");
                return 1;
            }
            double sat = parseResult.GetValue(satDwell);
            if (sat < 0)
            {
                Console.Error.WriteLine("error: --sat-dwell must not be negative.");
                return 1;
            }
            string inputPath = parseResult.GetValue(input)!;
            if (!File.Exists(inputPath))
            {
                Console.Error.WriteLine($"error: input file '{inputPath}' does not exist.");
                return 1;
            }
            string? seedPath = parseResult.GetValue(seed);
            if (seedPath is not null && !File.Exists(seedPath))
            {
                Console.Error.WriteLine($"error: seed file '{seedPath}' does not exist.");
                return 1;
            }
            var options = new FeedbackInferOptions
            {
                InputPath = inputPath,
                OutputPath = parseResult.GetValue(output),
                SeedPath = seedPath,
                Format = parseResult.GetValue(format) == "yandex" ? ClickLogFormat.Yandex : ClickLogFormat.Native,
                Ingest = new IngestOptions { SatDwellSeconds = sat, Clean = !parseResult.GetValue(noClean) },
                Calibration = new CalibrationOptions { TargetPrecision = target, RelevantMinGrade = parseResult.GetValue(relevantGrade) },
            };
            try
            {
                var result = new FeedbackInferRunner().Run(options);
                if (parseResult.GetValue(evidence) is { } evidencePath)
                {
                    using var fs = File.Create(evidencePath);
                    result.WriteEvidenceJsonl(fs);
                }
                using var stdout = Console.OpenStandardOutput();
                result.WriteSummaryJson(stdout);
                stdout.WriteByte((byte)'\n');
                return 0;
            }
            catch (FeedbackInputException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        });

        var feedback = new Command("feedback", "Click-feedback engine: click logs to relevance labels.");
        feedback.Subcommands.Add(infer);
        feedback.Subcommands.Add(FeedbackLoopCommands.Labels());
        feedback.Subcommands.Add(FeedbackLoopCommands.Recompute());
        feedback.Subcommands.Add(FeedbackLoopCommands.Catalog());
        feedback.Subcommands.Add(FeedbackEvaluationCommands.Rankers());
        feedback.Subcommands.Add(FeedbackEvaluationCommands.Segments());
        feedback.Subcommands.Add(FeedbackGradedCommands.Settings());
        feedback.Subcommands.Add(FeedbackGradedCommands.Graded());
        feedback.Subcommands.Add(FeedbackGradedCommands.Drift());
        return feedback;
    }
}
