using System.CommandLine;
using System.Globalization;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Feedback;

/// <summary>
/// <c>labelstudio feedback settings</c> (show or change a project's click-feedback settings, the evidence half-life
/// among them), <c>feedback graded</c> (the graded model of the current labels) and <c>feedback drift</c> (each ingest's
/// click-through by rank against the evidence before it).
/// </summary>
internal static class FeedbackGradedCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Settings()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var target = new Option<double?>("--target") { Description = "Target precision, above 0.5 and below 1." };
        var grade = new Option<int?>("--relevant-grade") { Description = "Seed grade (1-4) from which a pair is relevant." };
        var maxTasks = new Option<int?>("--max-tasks") { Description = "New tasks per ingest (0 = none)." };
        var window = new Option<int?>("--window-days") { Description = "Only ingests of the last N days give evidence (0 = all)." };
        var halfLife = new Option<double?>("--half-life-days") { Description = "Evidence weighted by 2^(-age / half-life) (0 = no decay)." };
        var command = new Command("settings", "Show a project's click-feedback settings, or change those given (they apply at the next ingest or recompute).")
        {
            project, target, grade, maxTasks, window, halfLife,
        };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var feedback = scope.ServiceProvider.GetRequiredService<FeedbackService>();
            var id = parse.GetValue(project);
            var current = (await feedback.GetOverviewAsync(id, Actor.System, ct)).Settings;
            var changed = current with
            {
                TargetPrecision = parse.GetValue(target) ?? current.TargetPrecision,
                RelevantMinGrade = parse.GetValue(grade) ?? current.RelevantMinGrade,
                MaxNewTasks = parse.GetValue(maxTasks) ?? current.MaxNewTasks,
                EvidenceWindowDays = parse.GetValue(window) ?? current.EvidenceWindowDays,
                EvidenceHalfLifeDays = parse.GetValue(halfLife) ?? current.EvidenceHalfLifeDays,
            };
            var saved = changed == current ? current : await feedback.UpdateSettingsAsync(id, changed, Actor.System, ct);
            Console.WriteLine(string.Create(Inv,
                $"target precision {saved.TargetPrecision:0.###}, relevant from grade {saved.RelevantMinGrade}, at most {saved.MaxNewTasks:N0} new tasks per ingest, "
                + $"evidence window {(saved.EvidenceWindowDays == 0 ? "all ingests" : $"{saved.EvidenceWindowDays} days")}, "
                + $"half-life {(saved.EvidenceHalfLifeDays == 0 ? "none" : $"{saved.EvidenceHalfLifeDays:0.##} days")}"));
            return 0;
        }));
        return command;
    }

    public static Command Graded()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var command = new Command("graded", "Print the graded model of the current labels: grade distribution and per-grade calibration on the seed.") { project };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var overview = await scope.ServiceProvider.GetRequiredService<FeedbackService>().GetOverviewAsync(parse.GetValue(project), Actor.System, ct);
            if (overview.Latest?.Graded is not { Mode.Length: > 0 } g)
            {
                Console.WriteLine("No labels yet: ingest a click log first.");
                return 0;
            }
            Console.WriteLine(g.Description);
            if (g.Mode != "ordinal") return 0;
            Console.WriteLine(string.Create(Inv, $"graded labels: {g.Labelled.Sum():N0}, abstained on the grade: {g.Abstained:N0}; seed (out of fold): "
                + $"accuracy {F(g.SeedAccuracy)} [{F(g.SeedAccuracyLow)}, {F(g.SeedAccuracyHigh)}] on {F(g.SeedCoverage)} of it, Spearman {F(g.SeedSpearman)}"));
            Console.WriteLine("grade\tlabelled\tmost_likely\tseed_pairs\tmean_p\tece");
            for (var k = 0; k < g.Grades.Count; k++)
            {
                var c = g.Grades[k];
                Console.WriteLine(string.Create(Inv,
                    $"{k}\t{(k < g.Labelled.Count ? g.Labelled[k] : 0)}\t{(k < g.MostLikely.Count ? g.MostLikely[k] : 0)}\t{c.SeedPairs}\t{F(c.MeanPredicted)}\t{F(c.Ece)}"));
            }
            return 0;
        }));
        return command;
    }

    public static Command Drift()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var command = new Command("drift", "Print each ingest's click-through by rank against the evidence before it, with the noise band.") { project };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var history = await scope.ServiceProvider.GetRequiredService<FeedbackDriftService>().GetHistoryAsync(parse.GetValue(project), Actor.System, ct);
            if (history.Count == 0)
            {
                Console.WriteLine("No ingest with click counts by rank yet.");
                return 0;
            }
            foreach (var e in history)
            {
                Console.WriteLine(string.Create(Inv, $"ingest #{e.IngestId} {e.FileName} ({e.StartedAt:u}){(e.Drift.Warning ? " WARNING" : "")}: {e.Drift.Summary}"));
                Console.WriteLine("rank\tctr_before\tctr\tdifference\tse\tmoved\ttheta_before\ttheta");
                foreach (var r in e.Drift.Ranks)
                {
                    Console.WriteLine(string.Create(Inv,
                        $"{r.Rank}\t{F(r.BeforeCtr)}\t{F(r.Ctr)}\t{F(r.Difference)}\t{F(r.StandardError)}\t{(r.Moved ? "yes" : "no")}\t{F(r.BeforeTheta)}\t{F(r.Theta)}"));
                }
            }
            return 0;
        }));
        return command;
    }

    private static string F(double? v) => v?.ToString("0.####", Inv) ?? "";
}
