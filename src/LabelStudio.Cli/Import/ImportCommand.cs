using System.CommandLine;
using System.Diagnostics;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Quality;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Import;

internal static class ImportCommand
{
    public static Command Create()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var file = new Option<FileInfo>("--file")
        {
            Description = "Task file: .json (array of tasks), .jsonl, .csv or .tsv.", Required = true,
        }.AcceptExistingOnly();

        var allowDuplicates = new Option<bool>("--allow-duplicates") { Description = "Import tasks whose data repeats another task of the file or a task already in the project." };
        var command = new Command("import",
            "Import tasks into a project. All or nothing: one bad row rejects the file. Raters keep working meanwhile; " +
            "the tasks appear together when the import finishes.")
        {
            project, file, allowDuplicates,
        };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var import = scope.ServiceProvider.GetRequiredService<ImportService>();
            var watch = Stopwatch.StartNew();
            var progress = new ConsoleProgress(Console.IsErrorRedirected);
            var outcome = await import.ImportFileAsync(parse.GetValue(project), path.FullName, path.Name, Actor.System,
                progress.Report, ct, new LabelStudio.Data.Validation.ImportParameters(parse.GetValue(allowDuplicates)));
            progress.Done();
            if (!outcome.Succeeded)
            {
                Console.Error.WriteLine($"error: nothing was imported; {outcome.TotalErrors} error(s) in {path.Name}:");
                foreach (var error in outcome.Errors) Console.Error.WriteLine($"  {path.Name}: {error}");
                if (outcome.TotalErrors > outcome.Errors.Count)
                    Console.Error.WriteLine($"  ... and {outcome.TotalErrors - outcome.Errors.Count} more");
                if (outcome.ExistingDuplicates > 0)
                    Console.Error.WriteLine($"{outcome.ExistingDuplicates} task(s) repeat tasks already in the project; " +
                                            "add --allow-duplicates to import them anyway.");
                return 1;
            }
            var batch = outcome.Batch!;
            Console.WriteLine($"Imported {batch.TaskCount} tasks ({batch.AnnotationCount} annotations, " +
                              $"{batch.PredictionCount} predictions) as batch {batch.Id} in {watch.Elapsed.TotalSeconds:F1} s; " +
                              $"sha256 {batch.Sha256}");
            foreach (var warning in outcome.Warnings ?? [])
            {
                Console.WriteLine($"  warning: {warning.Field}: {warning.Message}");
            }
            if (batch.RatingCount > 0)
            {
                // No web worker runs here to pick up the recompute the import asked for: run it now.
                await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(batch.ProjectId, ct);
                Console.WriteLine($"Counted {batch.RatingCount} imported ratings; agreement and conflicts recomputed.");
            }
            return 0;
        }));
        return command;
    }
}
