using System.CommandLine;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Feedback;

/// <summary>
/// <c>labelstudio feedback labels</c> (every current label of a project as TSV or JSON Lines) and
/// <c>labelstudio feedback recompute</c> (labels refit on the project's accumulated evidence).
/// </summary>
internal static class FeedbackLoopCommands
{
    public static Command Labels()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var format = new Option<string>("--format") { Description = "tsv or jsonl.", DefaultValueFactory = _ => "tsv" };
        format.AcceptOnlyFromAmong("tsv", "jsonl");
        var output = new Option<string?>("--out") { Description = "File to write (default: standard output)." };
        var command = new Command("labels",
            "Write every current click-feedback label of a project (query_id, doc_id, score, p_rel, label, origin, reason, " +
            "model_label, evidence counts); human judgements win and are marked by their origin.") { project, format, output };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var exporter = scope.ServiceProvider.GetRequiredService<FeedbackLabelExporter>();
            var path = parse.GetValue(output);
            await using var stream = path is null ? Console.OpenStandardOutput() : File.Create(path);
            var rows = await exporter.WriteAsync(parse.GetValue(project), parse.GetValue(format)!, stream, ct);
            if (path is not null) Console.Error.WriteLine($"Wrote {rows:N0} labels to {path}.");
            return 0;
        }));
        return command;
    }

    public static Command Recompute()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var command = new Command("recompute",
            "Refit the click models and the calibration on the project's accumulated evidence (after a new seed or target), " +
            "without ingesting again.") { project };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
            var job = await jobs.RunInlineAsync(FeedbackGenerationService.RecomputeJobKind, parse.GetValue(project), Actor.System,
                "recompute", null, null, null, ct);
            if (job.State != JobState.Succeeded)
            {
                Console.Error.WriteLine($"error: {job.Message}");
                return 1;
            }
            Console.WriteLine(job.Message);
            return 0;
        }));
        return command;
    }
}
