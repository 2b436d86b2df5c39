using System.Text.Json;
using LabelStudio.Core.DataValidation;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

// The memory test reads the process-wide heap: no other test may allocate beside it.
[Collection(MeasuresProcessMemory.Name)]
public sealed class DataStatisticsTests
{
    private static DataStatistics Sample() => Stats([
        Task("""{"text":"hello","n":1,"score":0.5,"ok":true,"tags":["a"],"meta":{"x":1}}""",
            annotations: [Choice("Positive", "ann"), Choice("Negative", "bob")]),
        Task("""{"text":"hi","n":3,"score":1,"ok":false,"tags":[],"meta":null}""", annotations: [Choice("Positive", "ann")]),
        Task("""{"text":"hello","n":"x","score":2.5}""",
            predictions: [new("""[{"from_name":"ner","to_name":"text","type":"labels","value":{"start":0,"end":5,"labels":["PER"]}}]""", 0.9, "m1")]),
        Task("""{"text":"hey there"}"""),
    ]);

    [Fact]
    public void Add_MixedFields_ReportsTypesAndMissing()
    {
        var stats = Sample();
        Assert.Equal(4, stats.Tasks);
        Assert.Equal(DataFieldType.String, stats.Fields["text"].Type);
        Assert.Equal(DataFieldType.Mixed, stats.Fields["n"].Type);
        Assert.Equal(DataFieldType.Float, stats.Fields["score"].Type);
        Assert.Equal(DataFieldType.Bool, stats.Fields["ok"].Type);
        Assert.Equal(DataFieldType.Array, stats.Fields["tags"].Type);
        Assert.Equal(DataFieldType.Object, stats.Fields["meta"].Type);
        // null counts as missing: meta present once out of 4.
        Assert.Equal(1, stats.Fields["meta"].Present);
        Assert.Equal(0.25, stats.PresenceOf("meta"));
        Assert.Equal(0.5, stats.PresenceOf("ok"));
        Assert.Equal(0, stats.PresenceOf("absent"));
    }

    [Fact]
    public void Add_Strings_CountsDistinctTopValuesAndLengths()
    {
        var text = Sample().Fields["text"];
        Assert.Equal(3, text.Distinct);
        Assert.Equal(new ValueCount("hello", 2), text.TopValues[0]);
        // Lengths 5, 2, 5, 9: mean 5.25, population sd √((0.0625 + 10.5625 + 0.0625 + 14.0625)/4) = √6.1875.
        Assert.Equal(4, text.TextLength.Count);
        Assert.Equal(2, text.TextLength.Min);
        Assert.Equal(9, text.TextLength.Max);
        Assert.Equal(5.25, text.TextLength.Mean, 12);
        Assert.Equal(Math.Sqrt(6.1875), text.TextLength.StdDev, 12);
        Assert.Equal(10, text.TextLength.Histogram.Count);
        Assert.Equal(4, text.TextLength.Histogram.Sum(h => h.Count), 9);
    }

    [Fact]
    public void Add_Numbers_SummarisesIntsAndFloats()
    {
        var score = Sample().Fields["score"].Numbers;
        // 0.5, 1, 2.5: mean 4/3, population variance ((−5/6)² + (−1/3)² + (7/6)²)/3 = (25/36 + 4/36 + 49/36)/3 = 78/108.
        Assert.Equal(3, score.Count);
        Assert.Equal(0.5, score.Min);
        Assert.Equal(2.5, score.Max);
        Assert.Equal(4.0 / 3, score.Mean, 12);
        Assert.Equal(Math.Sqrt(78.0 / 108), score.StdDev, 12);
        Assert.Equal(11, score.Quantiles.Count);
        Assert.InRange(score.Median!.Value, 0.99, 1.01);
        var n = Sample().Fields["n"];
        Assert.Equal(2, n.Numbers.Count);
        Assert.Equal(3, n.Distinct);
    }

    [Fact]
    public void Add_Annotations_CountsLabelsPerControlAndRater()
    {
        var stats = Sample();
        Assert.Equal([new ValueCount("Positive", 2), new ValueCount("Negative", 1)], stats.Labels["sentiment"].Top(20));
        Assert.Equal([new ValueCount("Positive", 2)], stats.RaterLabels["ann"]["sentiment"].Top(20));
        Assert.Equal([new ValueCount("Negative", 1)], stats.RaterLabels["bob"]["sentiment"].Top(20));
        Assert.Equal([new ValueCount("PER", 1)], stats.PredictionLabels["ner"].Top(20));
        Assert.Equal(3, stats.Annotations);
    }

    [Fact]
    public void LabelsOf_RatingAndSpans_GivesEachLabel()
    {
        var labels = DataStatistics.LabelsOf("""
            [{"from_name":"stars","value":{"rating":4}},
             {"from_name":"ner","value":{"start":0,"end":1,"labels":["PER","ORG"]}},
             {"from_name":"notes","value":{"text":["free"]}}, 7]
            """).ToList();
        Assert.Equal([("stars", "4"), ("ner", "PER"), ("ner", "ORG")], labels);
        Assert.Empty(DataStatistics.LabelsOf("not json"));
    }

    [Fact]
    public void LabelsOf_ParsedResult_GivesTheSamePairsAsItsJson()
    {
        const string json = """
            [{"id":"a","from_name":"stars","to_name":"text","type":"rating","value":{"rating":4.5}},
             {"id":"b","from_name":"ner","to_name":"text","type":"labels","value":{"start":0,"end":1,"labels":["PER","ORG"]}},
             {"id":"c","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive",3]}},
             {"id":"d","from_name":"notes","to_name":"text","type":"textarea","value":{"text":["free"]}}]
            """;
        var parsed = LabelStudio.Core.Results.ResultJson.Parse(json);

        Assert.Equal(DataStatistics.LabelsOf(json).ToList(), DataStatistics.LabelsOf(parsed).ToList());
        Assert.Equal([("stars", "4.5"), ("ner", "PER"), ("ner", "ORG"), ("sentiment", "Positive")], DataStatistics.LabelsOf(parsed).ToList());
    }

    [Fact]
    public void Merge_TwoHalves_EqualsStatisticsOfTheWhole()
    {
        var tasks = Enumerable.Range(0, 3000).Select(i => Task(
            $$"""{"text":"{{new string('w', i % 1000 % 37)}} {{i % 1000}}","len":{{i % 91}},"f":{{i * 0.37}},"cat":"c{{i % 7}}"}""",
            annotations: [Choice(i % 3 == 0 ? "Negative" : "Positive", $"r{i % 4}")])).ToList();
        var whole = Stats(tasks);
        var first = Stats(tasks.Take(1200));
        first.Merge(Stats(tasks.Skip(1200)));

        // Below the sketches' capacities (1,000 distinct texts) everything but the running mean and M2 is exactly
        // equal; those agree to rounding.
        Assert.Equal(Normalised(whole), Normalised(first));
        foreach (var (name, field) in whole.Fields)
        {
            Assert.Equal(field.Numbers.Mean, first.Fields[name].Numbers.Mean, 9);
            Assert.Equal(field.Numbers.StdDev, first.Fields[name].Numbers.StdDev, 9);
            Assert.Equal(field.TextLength.StdDev, first.Fields[name].TextLength.StdDev, 9);
        }
    }

    [Fact]
    public void Serialize_RoundTrip_IsStableAndStaysMergeable()
    {
        var stats = Sample();
        var json = StatisticsJson.Serialize(stats);
        var back = StatisticsJson.Deserialize(json);
        Assert.Equal(json, StatisticsJson.Serialize(back));
        Assert.Contains("\"type\":\"String\"", json);
        Assert.Contains("\"topValues\":[{\"value\":\"hello\",\"count\":2}", json);

        back.Merge(Sample());
        Assert.Equal(8, back.Tasks);
        Assert.Equal(4, back.Fields["text"].TopValues[0].Count);
        Assert.Equal(3, back.Fields["text"].Distinct);
    }

    [Fact]
    public void Add_MillionsOfDistinctValues_MemoryDoesNotGrowWithRows()
    {
        var stats = new DataStatistics();
        void Feed(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                stats.Add(Task($$"""{"text":"row {{i}} {{new string('x', i % 50)}}","id":{{i}},"score":{{i % 1000 / 7.0}}}""",
                    annotations: [Choice(i % 2 == 0 ? "Positive" : "Negative", $"r{i % 10}")]));
            }
        }

        Feed(0, 50_000);
        var afterWarmUp = GC.GetTotalMemory(forceFullCollection: true);
        Feed(50_000, 250_000);
        var afterFourTimesMore = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(250_000, stats.Tasks);
        Assert.InRange(stats.Fields["id"].Distinct, 237_500, 262_500);
        // 200,000 more rows of unique values: the sketches are full, so the footprint stays put (well under 1 MB).
        Assert.True(afterFourTimesMore - afterWarmUp < 1_000_000,
            $"Memory grew by {afterFourTimesMore - afterWarmUp:N0} bytes over 200,000 rows.");
        GC.KeepAlive(stats);
    }

    private static string Normalised(DataStatistics stats)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(StatisticsJson.Serialize(stats))!;
        foreach (var field in node["fields"]!.AsObject())
        {
            foreach (var summary in new[] { "numbers", "textLength" })
            {
                var s = field.Value![summary]!.AsObject();
                s.Remove("mean");
                s.Remove("m2");
                s.Remove("stdDev");
            }
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
