using System.Text.Json;
using LabelStudio.Consensus.Batch;

namespace LabelStudio.Consensus.Tests;

public sealed class RatingsCsvTests
{
    private static string Write(string content)
    {
        var path = Path.Combine(TestData.TempDirectory(), "ratings.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Read_QuotedFieldsEscapesCrLfAndBom()
    {
        var path = Write("\uFEFFitem_id,rater_id,label\r\n\"t,1\",\"r \"\"x\"\"\",cat\r\nt2, r2 ,\"dog\"\r\n\r\n\"multi\nline\",r3,cat");

        var set = RatingsCsv.Read(path);

        Assert.Equal(3, set.Count);
        Assert.Equal(["t,1", "t2", "multi\nline"], set.ItemIds);
        Assert.Equal(["r \"x\"", "r2", "r3"], set.RaterIds);
        Assert.Equal(["cat", "dog"], set.CategoryIds);
    }

    [Fact]
    public void Read_MalformedRows_ReportsEveryLine()
    {
        var path = Write(string.Join('\n',
            "item_id,rater_id,label",   // 1
            "t1,r1,a",                  // 2
            "t1,r2",                    // 3 too few fields
            "",                         // 4 blank: skipped
            "t2,r1,",                   // 5 empty label
            "\"t3\"x,r1,a",             // 6 junk after a quote
            "t4,r1,a,extra",            // 7 too many fields
            "\"t5\nstill t5\",r1,b",    // 8-9 quoted line break: fine
            ",r2,a",                    // 10 empty item
            "t6,r1,\"open"));           // 11 unterminated quote

        var e = Assert.Throws<RatingsFormatException>(() => RatingsCsv.Read(path));

        Assert.Equal([3, 5, 6, 7, 10, 11], e.Lines);
        Assert.Equal(6, e.TotalProblems);
        Assert.Equal(path, e.FilePath);
        Assert.Contains("line 3", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("unterminated", e.Problems[^1].Message);
    }

    [Fact]
    public void Read_WrongHeader_IsLine1()
    {
        var e = Assert.Throws<RatingsFormatException>(() => RatingsCsv.Read(Write("task,annotator,label\n1,a,b\n")));

        Assert.Equal([1], e.Lines);
    }

    [Fact]
    public void Read_EmptyFileAndHeaderOnly_AreErrors()
    {
        Assert.Throws<RatingsFormatException>(() => RatingsCsv.Read(Write("")));
        Assert.Throws<RatingsFormatException>(() => RatingsCsv.Read(Write("item_id,rater_id,label\n")));
    }

    [Fact]
    public void Read_NumericLabelsAreOrderedByValue()
    {
        var set = RatingsCsv.Read(Write("item_id,rater_id,label\n1,a,10\n1,b,9\n2,a,-1.5\n2,b,9\n"));

        Assert.Equal(["-1.5", "9", "10"], set.CategoryIds);
    }

    [Fact]
    public void Read_ManyIds_InternsToDenseIndices()
    {
        var lines = new List<string> { "item_id,rater_id,label" };
        for (var i = 0; i < 5000; i++)
        {
            lines.Add($"item{i % 1700},rater{i % 37},l{i % 3}");
        }

        var set = RatingsCsv.Read(Write(string.Join('\n', lines)));

        Assert.Equal(1700, set.ItemCount);
        Assert.Equal(37, set.RaterCount);
        Assert.Equal(3, set.ClassCount);
        Assert.Equal("item1699", set.ItemIds[set.Items[1699]]);
        Assert.Equal("rater36", set.RaterIds[set.Raters[36]]);
    }
}

public sealed class AgreementRunnerTests
{
    private const string SmallInput = """
        item_id,rater_id,label
        t1,alice,cat
        t1,bob,cat
        t1,carol,dog
        t2,alice,dog
        t2,bob,dog
        "t,3",alice,cat
        "t,3",bob,"dog"
        """;

    private static (string Dir, string Input) Setup(string content)
    {
        var dir = TestData.TempDirectory();
        var input = Path.Combine(dir, "ratings.csv");
        File.WriteAllText(input, content);
        return (dir, input);
    }

    [Fact]
    public void Run_SmallInput_WritesHandCheckedFiles()
    {
        var (dir, input) = Setup(SmallInput);
        var outDir = Path.Combine(dir, "out");

        var summary = AgreementRunner.Run(new AgreementOptions { InputPath = input, OutputDirectory = outDir });

        var items = File.ReadAllLines(Path.Combine(outDir, "items.csv"));
        Assert.Equal("item_id,mv_label,mv_share,tie,entropy,ds_label,ds_posterior,conflict", items[0]);
        Assert.Equal(4, items.Length);
        Assert.StartsWith("t1,cat,0.666667,false,0.918296,", items[1]);
        Assert.StartsWith("t2,dog,1,false,0,dog,", items[2]);
        Assert.StartsWith("\"t,3\",cat,0.5,true,1,", items[3]);
        Assert.EndsWith(",true", items[3]);

        var raters = File.ReadAllLines(Path.Combine(outDir, "raters.csv"));
        Assert.Equal("rater_id,ratings,loo_agreement,ds_accuracy,mean_kappa,spammer", raters[0]);
        Assert.StartsWith("alice,3,0.5,", raters[1]);
        Assert.EndsWith(",0.3,false", raters[1]);
        Assert.StartsWith("bob,3,0.5,", raters[2]);
        Assert.StartsWith("carol,1,0,", raters[3]);

        var pairwise = File.ReadAllLines(Path.Combine(outDir, "pairwise.csv"));
        Assert.Equal(["rater_a,rater_b,overlap,kappa", "alice,bob,3,0.4", "alice,carol,1,0", "bob,carol,1,0"], pairwise);

        Assert.Equal(7, summary.Ratings);
        Assert.Equal(3, summary.Items);
        Assert.Equal(3, summary.Raters);
        Assert.Equal(["cat", "dog"], summary.Categories);
        Assert.Equal(1, summary.Ties);
        Assert.True(summary.Conflicts >= 1);
        Assert.Equal(2 / 3.0 * 0 + (1.0 / 3 + 1 + 0) / 3, summary.PercentAgreement, 9);
        Assert.Equal((0.4 * 3 + 0 + 0) / 5, summary.MeanPairwiseKappa, 9);
    }

    [Fact]
    public void Run_SummaryJsonHasEveryField()
    {
        var (dir, input) = Setup(SmallInput);

        var json = AgreementRunner.Run(new AgreementOptions { InputPath = input, OutputDirectory = Path.Combine(dir, "out") }).ToJson();

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var name in new[] { "ratings", "items", "raters", "alpha", "fleiss_kappa", "ac1", "percent_agreement", "mean_pairwise_kappa", "conflicts", "seconds" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
        Assert.Equal(7, root.GetProperty("ratings").GetInt32());
        Assert.Equal(2, root.GetProperty("alpha_ci").GetArrayLength());
        var ds = root.GetProperty("dawid_skene");
        Assert.True(ds.GetProperty("iterations").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Number, ds.GetProperty("log_likelihood").ValueKind);
        Assert.Equal(2, ds.GetProperty("class_priors").GetArrayLength());
        var timings = root.GetProperty("timings");
        foreach (var stage in new[] { "read", "index", "alpha", "agreement", "pairwise", "dawid_skene", "items", "raters", "write" })
        {
            Assert.True(timings.TryGetProperty(stage, out _), stage);
        }
    }

    [Fact]
    public void Run_Gold_ClampsAndFlagsDisagreement()
    {
        var (dir, input) = Setup(SmallInput);
        var gold = Path.Combine(dir, "gold.csv");
        File.WriteAllText(gold, "item_id,label\n\"t,3\",dog\nt2,dog\nunknown,cat\n");
        var outDir = Path.Combine(dir, "out");

        var summary = AgreementRunner.Run(new AgreementOptions { InputPath = input, OutputDirectory = outDir, GoldPath = gold });

        Assert.Equal(2, summary.GoldItems);
        var items = File.ReadAllLines(Path.Combine(outDir, "items.csv"));
        Assert.Equal("\"t,3\",cat,0.5,true,1,dog,1,true", items[3]);
        Assert.Equal("t2,dog,1,false,0,dog,1,false", items[2]);
    }

    [Fact]
    public void Run_MalformedGold_ReportsTheGoldFile()
    {
        var (dir, input) = Setup(SmallInput);
        var gold = Path.Combine(dir, "gold.csv");
        File.WriteAllText(gold, "item_id,label\nt1\n");

        var e = Assert.Throws<RatingsFormatException>(() => AgreementRunner.Run(new AgreementOptions { InputPath = input, OutputDirectory = dir, GoldPath = gold }));

        Assert.Equal(gold, e.FilePath);
        Assert.Equal([2], e.Lines);
    }

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743421)]
    [InlineData(MeasurementLevel.Ordinal, 0.815388)]
    [InlineData(MeasurementLevel.Interval, 0.849107)]
    [InlineData(MeasurementLevel.Ratio, 0.797403)]
    public void Run_Krippendorff2011_SummaryHasPublishedAlpha(MeasurementLevel level, double expected)
    {
        var dir = TestData.TempDirectory();

        var summary = AgreementRunner.Run(new AgreementOptions { InputPath = TestData.PathOf("krippendorff2011.csv"), OutputDirectory = dir, Level = level });

        Assert.Equal(expected, summary.Alpha, 1e-6);
        Assert.Equal(0.76117, summary.FleissKappa, 1e-5);
        Assert.Equal(0.77544, summary.Ac1, 1e-5);
        Assert.Equal(12, summary.Items);
        Assert.InRange(summary.Alpha, summary.AlphaInterval.Lower, summary.AlphaInterval.Upper);
    }

    [Fact]
    public void Run_Ds1979_ItemsFileHasDsLabelsAndFlagsTheDisagreeingPatients()
    {
        var dir = TestData.TempDirectory();

        var summary = AgreementRunner.Run(new AgreementOptions
        {
            InputPath = TestData.PathOf("ds1979.csv"), OutputDirectory = dir, DawidSkene = DawidSkeneOptions.Classic,
        });

        Assert.Equal(3, summary.MajorityDawidSkeneDisagreements);
        var rows = File.ReadAllLines(Path.Combine(dir, "items.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        Assert.Equal("4", rows["2"][5]);
        Assert.Equal("3", rows["2"][1]);
        Assert.Equal("3", rows["12"][5]);
        Assert.Equal("4", rows["36"][5]);
        Assert.Equal("true", rows["36"][7]);   // share 4/7 < 0.6
        Assert.Equal("true", rows["12"][7]);   // tie 3-3
        Assert.Equal("false", rows["35"][7]);  // share 5/7, posterior 0.95
        Assert.Equal("false", rows["1"][7]);
        Assert.Equal(0.4, summary.DawidSkene.ClassPriors[0], 0.01);
    }

    [Fact]
    public void Run_MissingInput_Throws()
    {
        Assert.ThrowsAny<IOException>(() => AgreementRunner.Run(new AgreementOptions { InputPath = "/nonexistent/x.csv", OutputDirectory = TestData.TempDirectory() }));
    }
}
