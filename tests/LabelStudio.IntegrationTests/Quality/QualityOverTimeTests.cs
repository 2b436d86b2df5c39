using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Quality;

/// <summary>
/// "Quality over time" on a hand-made project whose figures are worked out by hand: three raters, four tasks, two days.
/// Day one: t1 Positive/Positive/Positive, t2 Positive/Positive/Negative. Day two: t3 Positive/Negative/Neutral,
/// t4 Negative/Negative/Negative. The API, the CSV downloads and the page all read the same snapshot.
/// </summary>
public sealed class QualityOverTimeTests : IAsyncLifetime
{
    // 22:00 UTC, so that the second day is three hours later, well within the bearer tokens' eight hours on the same clock.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 22, 0, 0, TimeSpan.Zero));
    private ReviewScenario _s = null!;
    private long _project;
    private long[] _tasks = [];

    public async Task InitializeAsync()
    {
        _s = await ReviewScenario.StartAsync(raters: 3, clock: _clock);
        _project = await _s.ProjectAsync("Over time", 3, "t1", "t2", "t3", "t4");
        var t1 = await _s.ChoicesAsync(_project, "Positive", "Positive", "Positive");
        var t2 = await _s.ChoicesAsync(_project, "Positive", "Positive", "Negative");
        _clock.Advance(TimeSpan.FromHours(3));
        var t3 = await _s.ChoicesAsync(_project, "Positive", "Negative", "Neutral");
        var t4 = await _s.ChoicesAsync(_project, "Negative", "Negative", "Negative");
        _tasks = [t1, t2, t3, t4];
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Trend_TwoDays_AlphaKappaAc1AndMeanAgreementPerDayAreTheHandComputedValues()
    {
        var measures = (await SnapshotAsync()).GetProperty("measures");

        var trend = measures.GetProperty("trend").EnumerateArray().ToList();
        Assert.Equal(["2026-03-02", "2026-03-03"], trend.Select(d => d.GetProperty("day").GetString()));
        Assert.All(trend, d => Assert.Equal(2, d.GetProperty("items").GetInt32()));
        Assert.All(trend, d => Assert.Equal(6, d.GetProperty("ratings").GetInt32()));
        // Day one: 5 Positive and 1 Negative in the coincidence matrix; observed and expected disagreement are both 1/3.
        Assert.Equal(0.0, trend[0].GetProperty("alpha").GetDouble(), 9);
        Assert.Equal(-0.2, trend[0].GetProperty("fleissKappa").GetDouble(), 9);     // (2/3 − 13/18) / (1 − 13/18)
        Assert.Equal(19.0 / 31, trend[0].GetProperty("ac1").GetDouble(), 9);        // (2/3 − 5/36) / (1 − 5/36)
        Assert.Equal(2.0 / 3, trend[0].GetProperty("meanAgreement").GetDouble(), 9); // (1 + 1/3) / 2
        // Day two: observed disagreement 1/2, expected 3/5.
        Assert.Equal(1.0 / 6, trend[1].GetProperty("alpha").GetDouble(), 9);
        Assert.Equal(0.0, trend[1].GetProperty("fleissKappa").GetDouble(), 9);
        Assert.Equal(1.0 / 3, trend[1].GetProperty("ac1").GetDouble(), 9);
        Assert.Equal(0.5, trend[1].GetProperty("meanAgreement").GetDouble(), 9);
        foreach (var day in trend)
        {
            var alpha = day.GetProperty("alpha").GetDouble();
            Assert.InRange(alpha, day.GetProperty("alphaLower").GetDouble(), day.GetProperty("alphaUpper").GetDouble());
        }

        var (header, rows) = await CsvAsync("trend");
        Assert.Equal("day,items,ratings,alpha,alpha_lower,alpha_upper,fleiss_kappa,ac1,mean_agreement", header);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["2026-03-02", "2", "6"], rows[0][..3]);
        Assert.Equal(-0.2, Number(rows[0][6]), 9);
        Assert.Equal(19.0 / 31, Number(rows[0][7]), 9);
        Assert.Equal(["2026-03-03", "2", "6"], rows[1][..3]);
        Assert.Equal(1.0 / 6, Number(rows[1][3]), 9);
        Assert.Equal(0.5, Number(rows[1][8]), 9);
    }

    [Fact]
    public async Task HistogramAndLabels_CountTasksByAgreementAndAnswersByLabel()
    {
        var measures = (await SnapshotAsync()).GetProperty("measures");

        // Per-task agreement: t1 and t4 1, t2 1/3, t3 0.
        Assert.Equal([1, 0, 0, 1, 0, 0, 0, 0, 0, 2], measures.GetProperty("agreementHistogram").EnumerateArray().Select(b => b.GetInt32()));
        var labels = measures.GetProperty("controls")[0].GetProperty("labels").EnumerateArray()
            .Select(l => (l.GetProperty("label").GetString(), l.GetProperty("count").GetInt32()));
        Assert.Equal([("Positive", 6), ("Negative", 5), ("Neutral", 1)], labels);

        Assert.Equal(
        [
            "agreement_from,agreement_to,items", "0,0.1,1", "0.1,0.2,0", "0.2,0.3,0", "0.3,0.4,1", "0.4,0.5,0", "0.5,0.6,0",
            "0.6,0.7,0", "0.7,0.8,0", "0.8,0.9,0", "0.9,1,2",
        ], await CsvLinesAsync("histogram"));
        Assert.Equal(["control,label,count", "sentiment,Positive,6", "sentiment,Negative,5", "sentiment,Neutral,1"], await CsvLinesAsync("labels"));
    }

    [Fact]
    public async Task Confusion_EachRaterHasAMatrixPerTrueClass_RowsSumToOne_TheDissenterLeastReliableOnPositive()
    {
        var snapshot = await SnapshotAsync();
        var model = snapshot.GetProperty("model");
        Assert.Equal(["Positive", "Negative", "Neutral"], model.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        var matrices = model.GetProperty("raters").EnumerateArray().ToDictionary(r => r.GetProperty("userId").GetString()!,
            r => r.GetProperty("confusion").EnumerateArray().Select(row => row.EnumerateArray().Select(p => p.GetDouble()).ToArray()).ToArray());
        Assert.Equal(_s.RaterIds.Order(), matrices.Keys.Order());
        Assert.All(matrices.Values.SelectMany(m => m), row => Assert.Equal(1.0, row.Sum(), 9));
        // Alice answered Positive wherever the others did; Carol answered Negative on t2, which the others called Positive.
        var alice = matrices[_s.RaterIds[0]];
        var carol = matrices[_s.RaterIds[2]];
        Assert.True(alice[0][0] > carol[0][0], $"P(Positive | Positive): alice {alice[0][0]}, carol {carol[0][0]}");
        Assert.True(carol[0][1] > alice[0][1], $"P(Negative | Positive): alice {alice[0][1]}, carol {carol[0][1]}");

        var (header, rows) = await CsvAsync("confusion");
        Assert.Equal("user_id,name,true_class,answer,probability", header);
        Assert.Equal(3 * 9, rows.Count);
        var carolRows = rows.Where(r => r[0] == _s.RaterIds[2]).ToList();
        Assert.Equal(9, carolRows.Count);
        Assert.All(carolRows, r => Assert.Equal("carol", r[1]));
        var positiveAsNegative = carolRows.Single(r => r[2] == "Positive" && r[3] == "Negative");
        Assert.Equal(carol[0][1], Number(positiveAsNegative[4]), 12);
    }

    [Fact]
    public async Task Resolutions_AgainstEachRater_CountUpheldAndOverturnedAnswers()
    {
        var (t2, t3) = (_tasks[1], _tasks[2]);
        var bobOnT3 = await _s.App.QueryAsync(db => db.Annotations.Where(a => a.TaskId == t3 && a.UserId == _s.RaterIds[1]).Select(a => a.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(t3, $$"""{"decision":"accept","annotation_id":{{bobOnT3}}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(t2, $$"""{"decision":"edit","result":[{{ReviewScenario.Choice("Negative")}}]}""")).StatusCode);
        // An invalid task has no answer to uphold or overturn: it counts for no one.
        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(_tasks[0], """{"decision":"invalid"}""")).StatusCode);

        var rows = (await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/quality/resolutions")).EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("resolvedTasks").GetInt32(), r.GetProperty("upheld").GetInt32(),
                r.GetProperty("overturned").GetInt32()));
        // t3 went Bob's way (Negative), t2 Carol's (Negative).
        Assert.Equal([("alice", 2, 0, 2), ("bob", 2, 1, 1), ("carol", 2, 1, 1)], rows);

        Assert.Equal(
        [
            "user_id,name,resolved_tasks,upheld,overturned,upheld_share",
            $"{_s.RaterIds[0]},alice,2,0,2,0",
            $"{_s.RaterIds[1]},bob,2,1,1,0.5",
            $"{_s.RaterIds[2]},carol,2,1,1,0.5",
        ], await CsvLinesAsync("resolutions"));
    }

    [Fact]
    public async Task Csv_UnknownTable_Is404NamingTheTables()
    {
        var response = await _s.Lead.GetAsync($"/api/projects/{_project}/quality/csv/nonsense");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("trend, histogram, labels, confusion, resolutions", await response.Content.ReadAsStringAsync());
    }

    private static double Number(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    /// <summary>Asks for a recompute and waits until the latest snapshot holds all twelve ratings.</summary>
    private async Task<JsonElement> SnapshotAsync()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _s.Lead.PostAsync($"/api/projects/{_project}/quality/recompute", null)).StatusCode);
        return await _s.WaitForSnapshotAsync(_project, ratings: 12);
    }

    private async Task<List<string>> CsvLinesAsync(string table)
    {
        await SnapshotAsync();
        var response = await _s.Lead.GetAsync($"/api/projects/{_project}/quality/csv/{table}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{table}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text);
        return [.. text.Split("\r\n")[..^1]];
    }

    /// <summary>The header line, and each data line split into fields (no field of these tables holds a comma).</summary>
    private async Task<(string Header, List<string[]> Rows)> CsvAsync(string table)
    {
        var lines = await CsvLinesAsync(table);
        return (lines[0], [.. lines.Skip(1).Select(l => l.Split(','))]);
    }
}
