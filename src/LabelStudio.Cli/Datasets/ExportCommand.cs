using System.CommandLine;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets;
using LabelStudio.Data.Datasets.Formats;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Datasets;

/// <summary><c>labelstudio export</c>: a dataset version written in one format to a file.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        string[] names = [.. DatasetFormats.Names, DatasetClickLabelFile.Format];
        var format = new Option<string>("--format")
        {
            Description = $"One of {string.Join(", ", names)} (the project's click labels as of the version, TSV).", Required = true,
        }.AcceptOnlyFromAmong(names);
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };
        var scope = new Option<string>("--scope")
        {
            Description = "final: one final label per task (default); all: every annotation. Only when creating a version.",
            DefaultValueFactory = _ => "final",
        }.AcceptOnlyFromAmong("final", "all");
        var version = new Option<int?>("--version") { Description = "The version number to write; without it a new version is created now." };

        var command = new Command("export",
            "Write a dataset version of a project to a file. Without --version, freezes the current final labels as a new version first " +
            "(the same as the Datasets page); the same version always gives the same bytes.")
        {
            project, format, output, scope, version,
        };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scopeServices = services.CreateScope();
            var datasets = scopeServices.ServiceProvider.GetRequiredService<DatasetService>();
            var progress = new ConsoleProgress(Console.IsErrorRedirected);
            var projectId = parse.GetValue(project);
            var formatName = parse.GetValue(format)!;
            long versionId;
            if (parse.GetValue(version) is { } number)
            {
                var db = scopeServices.ServiceProvider.GetRequiredService<AppDbContext>();
                versionId = await db.DatasetVersions.Where(v => v.ProjectId == projectId && v.Number == number).Select(v => (long?)v.Id)
                    .FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"Project {projectId} has no dataset version {number}.");
            }
            else
            {
                var request = new DatasetRequest(null, "Created by the command line.",
                    parse.GetValue(scope) == "all" ? DatasetScope.All : DatasetScope.Final,
                    Formats: formatName == DatasetClickLabelFile.Format ? null : [formatName]);
                var created = await datasets.CreateInlineAsync(projectId, request, Actor.System, progress.Report, ct);
                versionId = created.Version.Id;
                var built = await datasets.GetAsync(versionId, Actor.System, ct);
                if (built.State != DatasetState.Ready) throw new ConflictException($"Version {built.Number} was not built: {built.Failure}");
            }
            var file = await datasets.WriteInlineAsync(versionId, formatName, Actor.System, progress.Report, ct);
            progress.Done();
            var target = parse.GetValue(output)!;
            target.Directory?.Create();
            File.Copy(file.Path!, target.FullName, overwrite: true);
            var view = await datasets.GetAsync(versionId, Actor.System, ct);
            Console.WriteLine($"Wrote version {view.Number} ({view.TaskCount} tasks, {view.RowCount} rows) as {formatName} to {target.Name}; sha256 {file.Sha256}");
            return 0;
        }));
        return command;
    }
}
