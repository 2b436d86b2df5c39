using LabelStudio.Core.DataValidation;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class SchemaValidationTests
{
    private static readonly DataStatistics Reference = Stats(Enumerable.Range(0, 400).Select(i => Task(
        $$"""{"text":"{{new string('a', 20 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","score":{{i % 10}},"lang":"en"}""")));

    private static readonly DataSchema Schema = SchemaInference.Infer(Reference, Config);

    private static IReadOnlyList<Anomaly> Check(Func<int, string> data, int n = 200) =>
        SchemaValidation.Warnings(Schema, Stats(Enumerable.Range(0, n).Select(i => Task(data(i)))), Reference);

    [Fact]
    public void Warnings_SameDistribution_NoWarnings() =>
        Assert.Empty(Check(i => $$"""{"text":"{{new string('a', 20 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","score":{{i % 10}},"lang":"en"}"""));

    [Fact]
    public void Warnings_NewAndVanishedFields_AreReported()
    {
        var warnings = Check(i => $$"""{"text":"{{new string('a', 20 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","score":{{i % 10}},"country":"fr"}""");
        Assert.Contains(warnings, w => w is { Kind: AnomalyKind.NewField, Field: "country", Severity: AnomalySeverity.Warning });
        var vanished = Assert.Single(warnings, w => w.Kind == AnomalyKind.VanishedField);
        Assert.Equal("lang", vanished.Field);
        Assert.Contains("missing from all 200 tasks", vanished.Message);
    }

    [Fact]
    public void Warnings_TypeChange_IsReported()
    {
        var warnings = Check(i => $$"""{"text":"{{new string('a', 20 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","score":"{{i % 10}}","lang":"en"}""");
        var change = Assert.Single(warnings, w => w.Kind == AnomalyKind.TypeChange);
        Assert.Equal("Field \"score\" was whole numbers and is now text.", change.Message);
    }

    [Fact]
    public void Warnings_PresenceDropBeyondNoise_IsReported()
    {
        // "lang" was always present (p = 1): Deequ's bound is 1.0, so missing in 10 of 200 is a drop.
        var warnings = Check(i => $$"""{"text":"{{new string('a', 20 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","score":{{i % 10}}{{(i % 20 == 0 ? "" : ",\"lang\":\"en\"")}}}""");
        var drop = Assert.Single(warnings, w => w.Kind == AnomalyKind.PresenceDrop);
        Assert.Equal("lang", drop.Field);
        Assert.Contains("95%", drop.Message);
    }

    [Fact]
    public void Warnings_PresenceDropWithinNoise_IsNotReported()
    {
        // Reference presence 0.9 over 1,000; a batch of 50 at 0.84: bound 0.9 − 1.96·√(0.09/50) = 0.8168, so no warning.
        var reference = Stats(Enumerable.Range(0, 1000).Select(i => Task(i % 10 == 0 ? """{"text":"x"}""" : """{"text":"x","lang":"en"}""")));
        var batch = Stats(Enumerable.Range(0, 50).Select(i => Task(i < 8 ? """{"text":"y"}""" : """{"text":"y","lang":"en"}""")));
        Assert.DoesNotContain(SchemaValidation.Warnings(SchemaInference.Infer(reference, Config), batch), w => w.Kind == AnomalyKind.PresenceDrop);
    }

    [Fact]
    public void Warnings_NewValueInLowCardinalityField_ListsIt()
    {
        var warnings = Check(i => $$"""{"text":"{{new string('a', 20 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : i % 3 == 0 ? "fax" : "mail")}}","score":{{i % 10}},"lang":"en"}""");
        var fresh = Assert.Single(warnings, w => w.Kind == AnomalyKind.NewValues);
        Assert.Equal("source", fresh.Field);
        Assert.Contains("\"fax\" (33)", fresh.Message);
    }

    [Fact]
    public void Warnings_TextLengthShift_IsADistributionShift()
    {
        var warnings = Check(i => $$"""{"text":"{{new string('a', 200 + i % 10)}}","source":"{{(i % 2 == 0 ? "web" : "mail")}}","score":{{i % 10}},"lang":"en"}""");
        var shift = Assert.Single(warnings, w => w.Kind == AnomalyKind.DistributionShift);
        Assert.Equal("text", shift.Field);
        Assert.StartsWith("The text length of \"text\" shifted: Jensen–Shannon 1.000", shift.Message);
    }
}
