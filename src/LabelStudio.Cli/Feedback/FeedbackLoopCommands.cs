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

    public static Command Catalog()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var file = new Option<FileInfo>("--file")
        {
            Description = "Catalog: TSV with header kind, id, text, title, url (kind: query or doc), or JSON Lines.", Required = true,
        }.AcceptExistingOnly();
        var command = new Command("catalog", "Upload the query and document texts of a project's click logs, so raters judge text.") { project, file };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var catalog = scope.ServiceProvider.GetRequiredService<FeedbackCatalogService>();
            await using var stream = path.OpenRead();
            var result = await catalog.UploadAsync(parse.GetValue(project), stream, path.Name, Actor.System, ct);
            Console.WriteLine($"{result.Rows:N0} rows ({result.Queries:N0} queries, {result.Docs:N0} documents); the catalog now has " +
                              $"{result.TotalQueries:N0} queries and {result.TotalDocs:N0} documents.");
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
