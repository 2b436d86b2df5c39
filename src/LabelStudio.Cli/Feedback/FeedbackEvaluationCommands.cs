using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Feedback;

/// <summary>
/// <c>labelstudio feedback rankers</c> (per-ranker metrics with 95 % intervals, B against A, interleaving) and
/// <c>labelstudio feedback segments</c> (precision and coverage per query segment), from a project's click evidence.
/// </summary>
internal static class FeedbackEvaluationCommands
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Rankers()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var a = new Option<string?>("--a") { Description = "Ranker A, the baseline (default: the ranker with most impressions)." };
        var b = new Option<string?>("--b") { Description = "Ranker B, the candidate (default: the next one)." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON." };
        var command = new Command("rankers",
            "Evaluate the rankers named in a project's click logs: click metrics, NDCG@10 and precision@k with 95 % intervals, " +
            "ranker B against A, interleaving wins.") { project, a, b, json };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var evaluation = scope.ServiceProvider.GetRequiredService<FeedbackEvaluationService>();
            var report = await evaluation.RankersAsync(parse.GetValue(project), Actor.System, parse.GetValue(a), parse.GetValue(b), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, s_json));
                return 0;
            }
            WriteRankers(report);
            return 0;
        }));
        return command;
    }

    public static Command Segments()
    {
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON." };
        var command = new Command("segments",
            "Precision and coverage of the click auto-labels per query segment (head, torso, tail) against the project's target.") { project, json };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var evaluation = scope.ServiceProvider.GetRequiredService<FeedbackEvaluationService>();
            var report = await evaluation.SegmentsAsync(parse.GetValue(project), Actor.System, ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, s_json));
                return 0;
            }
            Console.WriteLine(F($"Target precision {report.TargetPrecision:0.###}. {report.Cut}"));
            Console.WriteLine(F($"{"segment",-8}{"queries",10}{"pairs",10}{"auto-labeled",16}{"judged",9}{"precision",11}  {"95% CI",-17}verdict"));
            foreach (var s in report.Segments)
            {
                var ci = s.Low is { } lo && s.High is { } hi ? F($"[{lo:0.000}, {hi:0.000}]") : "";
                Console.WriteLine(F($"{s.Segment,-8}{s.Queries,10:N0}{s.Pairs,10:N0}{s.Decided,9:N0} {s.Coverage,5:P0}{s.SeedDecided,9:N0}{N(s.Precision),11}  {ci,-17}{s.Verdict}"));
            }
            return 0;
        }));
        return command;
    }

    private static void WriteRankers(FeedbackRankerReport report)
    {
        if (report.Rankers.Count == 0)
        {
            Console.WriteLine("No per-ranker evidence: ingest a click log whose impressions name their ranker.");
            return;
        }
        Console.WriteLine(F($"{report.Rankers.Count} rankers, evidence of {report.EvidenceIngests} ingests, {report.JudgedPairs:N0} judged pairs."));
        foreach (var r in report.Rankers)
        {
            Console.WriteLine();
            Console.WriteLine(F($"{r.Ranker}: {r.Impressions:N0} impressions, {r.Queries:N0} queries"));
            foreach (var m in report.Metrics)
            {
                var v = r.Metrics[m.Key];
                var ci = v.Low is { } lo && v.High is { } hi ? F($"[{lo:0.0000}, {hi:0.0000}]") : "";
                Console.WriteLine(F($"  {m.Name,-18}{N(v.Value),8}  {ci}"));
            }
        }
        if (report.Comparison is { } c)
        {
            Console.WriteLine();
            Console.WriteLine(F($"B = {c.RankerB} against A = {c.RankerA}, on the {c.SharedQueries:N0} queries both served:"));
            foreach (var d in c.Metrics)
            {
                var name = report.Metrics.FirstOrDefault(m => m.Key == d.Metric)?.Name ?? d.Metric;
                Console.WriteLine(F($"  {name,-18}{d.Statement}"));
            }
        }
        if (report.Interleaving.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Interleaving (team draft):");
            foreach (var i in report.Interleaving)
            {
                Console.WriteLine(F($"  {i.RankerA} vs {i.RankerB}: {i.WinsA:N0} - {i.WinsB:N0} ({i.Ties:N0} ties, {i.NoClicks:N0} without clicks), p = {i.PValue:0.####}{(i.Winner is { } w ? $", {w} wins" : ", no significant preference")}"));
            }
        }
        Console.WriteLine();
        Console.WriteLine(report.Method);
    }

    private static string N(double? v) => v is { } x ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
