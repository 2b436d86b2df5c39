using LabelStudio.Core.DataValidation;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class ServingSkewTests
{
    [Fact]
    public void Compare_ServingLikeTraining_IsClean()
    {
        var report = ServingSkew.Compare(Sources(1000, 0.5), Sources(500, 0.52), Config);
        Assert.True(report.Clean);
        Assert.Equal(1000, report.TrainingTasks);
        Assert.Equal(500, report.ServingRecords);
        Assert.Contains(report.DistributionSkew.Items, i => i.Name == "source" && i.Verdict == DriftVerdict.Ok);
    }

    [Fact]
    public void Compare_ServingMissingConfigFieldAndShifted_ReportsSchemaAndDistributionSkew()
    {
        var serving = Stats(Enumerable.Range(0, 1000).Select(i => Task($$"""{"body":"t{{i}}","source":"{{(i % 10 == 0 ? "web" : "mail")}}"}""")));
        var report = ServingSkew.Compare(Sources(1000, 0.5), serving, Config);

        Assert.False(report.Clean);
        var missing = Assert.Single(report.SchemaSkew, a => a.Severity == AnomalySeverity.Error);
        Assert.Equal(AnomalyKind.MissingField, missing.Kind);
        Assert.Equal("text", missing.Field);
        Assert.Contains(report.SchemaSkew, a => a is { Kind: AnomalyKind.NewField, Field: "body" });
        var source = report.DistributionSkew.Items.Single(i => i.Name == "source");
        // mail 0.5 → 0.9: L∞ 0.4.
        Assert.Equal(0.4, source.Distance, 9);
        Assert.Equal(DriftVerdict.Drift, source.Verdict);
        Assert.DoesNotContain(report.DistributionSkew.Items, i => i.Subject is DriftSubject.Labels);
    }
}
