using System.CommandLine;
using System.Globalization;
using LabelStudio.Cli.Hosting;
using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Common;
using LabelStudio.Data.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Validation;

internal static class ValidateCommand
{
    /// <summary>The exit code when the report finds skew (a missing required field or a drifted field).</summary>
    public const int SkewFound = 2;

    public static Command Create()
    {
        var project = new Option<long?>("--project") { Description = "Compare with this project's imported data (or give --dataset)." };
        var dataset = new Option<long?>("--dataset") { Description = "Compare with this dataset version's statistics (its id, as listed)." };
        var batch = new Option<long?>("--batch") { Description = "Compare with this import batch only (default: all of the project's batches)." };
        var against = new Option<FileInfo>("--against")
        {
            Description = "Production records in the task format (.jsonl, .json, .csv or .tsv).", Required = true,
        }.AcceptExistingOnly();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("validate",
            $"Training-serving skew: compare production records with a project's labeled data or a dataset version, per field " +
            $"(schema skew and distribution skew). Exits with {SkewFound} when skew is found.")
        {
            project, dataset, batch, against, json,
        };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            var file = parse.GetValue(against)!;
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var validation = scope.ServiceProvider.GetRequiredService<ValidationService>();
            var view = (parse.GetValue(project), parse.GetValue(dataset)) switch
            {
                ({ } p, null) => await validation.ValidateServingAsync(p, parse.GetValue(batch), file.FullName, file.Name, Actor.System, ct),
                (null, { } v) when parse.GetValue(batch) is null => await validation.ValidateServingAgainstVersionAsync(v, file.FullName, file.Name, Actor.System, ct),
                _ => throw new DomainValidationException("Give either --project (with --batch if wanted) or --dataset."),
            };
            if (parse.GetValue(json)) Console.Out.WriteLine(StatisticsJson.Serialize(view));
            else Print(view);
            return view.Report.SchemaSkew.Any(a => a.Severity == AnomalySeverity.Error) || view.Report.DistributionSkew.Drifted.Count > 0
                ? SkewFound : 0;
        }));
        return command;
    }

    private static void Print(ServingValidationView view)
    {
        var report = view.Report;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{view.FileName} ({report.ServingRecords:N0} records) against {view.Against} ({report.TrainingTasks:N0} tasks)"));
        Console.WriteLine();
        Console.WriteLine("Schema skew:");
        if (report.SchemaSkew.Count == 0) Console.WriteLine("  none");
        foreach (var a in report.SchemaSkew)
        {
            Console.WriteLine($"  {(a.Severity == AnomalySeverity.Error ? "error  " : "warning")}  {a.Field,-20} {a.Message}");
        }
        Console.WriteLine();
        var t = report.DistributionSkew.Thresholds;
        Console.WriteLine(string.Create(c, $"Distribution skew (thresholds: L-infinity {t.LInfinity:0.###}, Jensen-Shannon {t.JensenShannon:0.###}):"));
        if (report.DistributionSkew.Items.Count == 0) Console.WriteLine("  no field to compare");
        foreach (var d in report.DistributionSkew.Items)
        {
            var moved = d.MovedValue is null ? "" : string.Create(c, $"\"{d.MovedValue}\" {d.BaselineShare:0.#%} -> {d.CurrentShare:0.#%}");
            var verdict = d.Verdict switch { DriftVerdict.Drift => "DRIFT", DriftVerdict.WithinNoise => "within noise", _ => "ok" };
            Console.WriteLine(string.Create(c,
                $"  {d.Name,-20} {Subject(d.Subject),-12} {(d.Measure == DriftMeasure.LInfinity ? "L-inf" : "JS"),-5} {d.Distance,6:0.000}  band {d.NoiseBand:0.000}  {verdict,-12} {moved}"));
        }
        Console.WriteLine();
        var errors = report.SchemaSkew.Count(a => a.Severity == AnomalySeverity.Error);
        var warnings = report.SchemaSkew.Count - errors;
        Console.WriteLine(report.Clean ? "No skew found."
            : $"Skew found: {errors} schema error(s), {warnings} schema warning(s), {report.DistributionSkew.Drifted.Count} drifted field(s).");
    }

    private static string Subject(DriftSubject subject) => subject switch
    {
        DriftSubject.Numbers => "numbers",
        DriftSubject.TextLength => "text length",
        _ => "values",
    };
}
