using System.CommandLine;
using System.Globalization;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Datasets;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Datasets;

/// <summary><c>labelstudio datasets list|diff|reproduce</c>: a project's versions, two versions compared, a version rebuilt.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "Dataset versions: list a project's, compare two, rebuild one and check it.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Diff());
        command.Subcommands.Add(Reproduce());
        return command;
    }

    private static Command List()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var command = new Command("list", "A project's dataset versions, newest first (id, number, state, counts, parent, content hash).") { project };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var versions = await scope.ServiceProvider.GetRequiredService<DatasetService>().ListAsync(parse.GetValue(project), Actor.System, ct);
            Console.WriteLine("id\tversion\tstate\tscope\ttasks\trows\tparent\tcreated\tname\tcontent_sha256\tfiles");
            foreach (var v in versions)
            {
                Console.WriteLine(string.Join('\t', v.Id, v.Number, v.State, v.Scope.ToString().ToLowerInvariant(), v.TaskCount, v.RowCount,
                    v.ParentNumber?.ToString(CultureInfo.InvariantCulture) ?? "", v.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    v.Name, v.ContentSha256, string.Join(',', v.Files.Select(f => f.Format))));
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Exit code 0 when the rebuild is identical, 3 when it differs (so a pipeline can gate on it).</summary>
    private static Command Reproduce()
    {
        var version = new Option<long>("--version") { Description = "The version's id (as listed).", Required = true };
        var command = new Command("reproduce",
            "Rebuild a version from its recorded inputs (consensus run, watermarks, filters) and compare: identical, or the tasks that differ.") { version };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var r = await scope.ServiceProvider.GetRequiredService<DatasetReproducer>().ReproduceAsync(parse.GetValue(version), Actor.System, ct);
            Console.WriteLine($"v{r.Number} (consensus run {r.ConsensusRunId?.ToString(CultureInfo.InvariantCulture) ?? "none"}): "
                              + (r.Identical ? "identical" : "DIFFERENT") + $", {r.Tasks} tasks rebuilt, {r.Changed} changed, {r.Added} added, {r.Removed} removed");
            Console.WriteLine($"stored\t{r.StoredSha256}");
            Console.WriteLine($"rebuilt\t{r.RebuiltSha256}");
            foreach (var d in r.Differences) Console.WriteLine($"{d.Kind}\t{d.TaskId}\t{d.Stored}\t{d.Rebuilt}");
            return r.Identical ? 0 : 3;
        }));
        return command;
    }

    private static Command Diff()
    {
        var a = new Option<long>("--a") { Description = "The earlier version's id (as listed).", Required = true };
        var b = new Option<long>("--b") { Description = "The later version's id.", Required = true };
        var command = new Command("diff", "Compare two versions: tasks added and removed, labels changed (origin before and after), drift.") { a, b };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var diff = await scope.ServiceProvider.GetRequiredService<DatasetDiffService>()
                .DiffAsync(parse.GetValue(b), parse.GetValue(a), Actor.System, 50, ct);
            Console.WriteLine($"v{diff.From.Number} -> v{diff.To.Number}: {diff.Added} added, {diff.Removed} removed, {diff.Changed} changed, {diff.Unchanged} unchanged");
            foreach (var c in diff.Changes)
            {
                Console.WriteLine($"changed\t{c.TaskId}\t{c.ExternalKey}\t{c.Before} ({c.OriginBefore})\t{c.After} ({c.OriginAfter})");
            }
            foreach (var d in diff.Drift?.Items ?? [])
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"drift\t{d.Name}\t{d.Subject}\t{d.Measure}\t{d.Distance:0.0000}\t{d.MovedValue}\tthreshold {d.Threshold:0.00}\tnoise {d.NoiseBand:0.0000}\t{d.Verdict}"));
            }
            return 0;
        }));
        return command;
    }
}
