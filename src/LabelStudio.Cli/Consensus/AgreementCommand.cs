using System.CommandLine;
using LabelStudio.Consensus;
using LabelStudio.Consensus.Batch;

namespace LabelStudio.Cli.Consensus;

/// <summary><c>labelstudio agreement</c>: inter-rater agreement, truth inference and conflicts for a ratings CSV.</summary>
internal static class AgreementCommand
{
    internal static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Description = "Ratings CSV with header item_id,rater_id,label.",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Output directory for items.csv, raters.csv and pairwise.csv.",
            Required = true,
        };
        var level = new Option<string>("--level")
        {
            Description = "Level of measurement for Krippendorff's alpha.",
            DefaultValueFactory = _ => "nominal",
        };
        level.AcceptOnlyFromAmong("nominal", "ordinal", "interval", "ratio");
        var gold = new Option<string?>("--gold")
        {
            Description = "Optional gold CSV with header item_id,label.",
        };
        var prior = new Option<double>("--prior-strength")
        {
            Description = "Dawid-Skene confusion prior in pseudo-ratings per row (0 = the classic maximum-likelihood EM).",
            DefaultValueFactory = _ => DawidSkeneOptions.Default.PriorStrength,
        };
        var command = new Command("agreement", "Compute agreement (alpha, kappas, AC1), Dawid-Skene consensus and conflicts; prints a JSON summary.")
        {
            input,
            output,
            level,
            gold,
            prior,
        };
        command.SetAction(parseResult =>
        {
            var options = new AgreementOptions
            {
                InputPath = parseResult.GetValue(input)!,
                OutputDirectory = parseResult.GetValue(output)!,
                Level = Enum.Parse<MeasurementLevel>(parseResult.GetValue(level) ?? "nominal", ignoreCase: true),
                GoldPath = parseResult.GetValue(gold),
                DawidSkene = parseResult.GetValue(prior) is var strength && strength == 0
                    ? DawidSkeneOptions.Classic
                    : DawidSkeneOptions.Default with { PriorStrength = strength },
            };
            try
            {
                var summary = AgreementRunner.Run(options);
                Console.Out.WriteLine(summary.ToJson());
                return 0;
            }
            catch (RatingsFormatException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
