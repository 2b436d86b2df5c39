using Bunit;
using LabelStudio.Core.Import;
using LabelStudio.Data.Import;
using LabelStudio.Web.Features.Import;

namespace LabelStudio.ComponentTests.Projects;

public sealed class ImportViewsTests : BunitTestBase
{
    [Fact]
    public void ImportResultView_FailedWith150Errors_ShowsNothingImportedAndFirst100()
    {
        var errors = Enumerable.Range(1, ImportOutcome.MaxReportedErrors)
            .Select(i => new ImportError(i, "text", $"problem {i}")).ToList();
        var outcome = new ImportOutcome(null, errors, 150);

        var view = Render<ImportResultView>(p => p.Add(v => v.Outcome, outcome).Add(v => v.FileName, "bad.jsonl"));

        var result = view.Find("[data-testid=import-result]");
        Assert.Equal("false", result.GetAttribute("data-succeeded"));
        Assert.Contains("Nothing was imported", result.TextContent, StringComparison.Ordinal);
        var table = view.Find("[data-testid=import-errors]");
        Assert.Contains("The first 100 of 150 errors", table.TextContent, StringComparison.Ordinal);
        var rows = view.FindAll("[data-testid=import-error-row]");
        Assert.Equal(100, rows.Count);
        Assert.Contains("problem 7", rows[6].TextContent, StringComparison.Ordinal);
        Assert.Contains("text", rows[6].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportResultView_Succeeded_ShowsTaskCount()
    {
        var batch = new ImportBatch { Id = 3, FileName = "tasks.jsonl", TaskCount = 1234, AnnotationCount = 5, SizeBytes = 2048 };

        var view = Render<ImportResultView>(p => p.Add(v => v.Outcome, new ImportOutcome(batch, [], 0)).Add(v => v.FileName, "tasks.jsonl"));

        var result = view.Find("[data-testid=import-result]");
        Assert.Equal("true", result.GetAttribute("data-succeeded"));
        Assert.Contains("1,234 tasks", result.TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-testid=import-errors]"));
    }

    [Fact]
    public void ImportResultView_JobFailure_ShowsMessageWithoutErrorTable()
    {
        var view = Render<ImportResultView>(p => p.Add(v => v.Failure, "The file is larger than the server accepts for one request."));

        Assert.Contains("Nothing was imported", view.Markup, StringComparison.Ordinal);
        Assert.Contains("larger than the server accepts", view.Markup, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-testid=import-errors]"));
    }

    [Fact]
    public void ImportHistoryTable_Batch_ShowsShortHashWithFullValueAndUserName()
    {
        var sha = new string('a', 32) + new string('b', 32);
        var batch = new ImportBatch
        {
            Id = 1, FileName = "reviews.csv", Sha256 = sha, Format = "Csv", ImportedById = "u1", TaskCount = 42,
            AnnotationCount = 7, PredictionCount = 3, ImportedAt = DateTime.UtcNow.AddHours(-2),
        };

        var view = Render<ImportHistoryTable>(p => p
            .Add(t => t.Batches, [batch])
            .Add(t => t.UserNames, new Dictionary<string, string> { ["u1"] = "Ada Admin" }));

        var row = view.Find("[data-testid=import-history-row]");
        var hash = row.QuerySelector("code.ls-hash")!;
        Assert.Equal(sha, hash.GetAttribute("data-sha256"));
        Assert.Equal("aaaaaaaaaaaa…", hash.TextContent);
        Assert.Contains("Ada Admin", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("reviews.csv", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("42", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportHistoryTable_NoBatches_ShowsEmptyState()
    {
        var view = Render<ImportHistoryTable>(p => p.Add(t => t.Batches, Array.Empty<ImportBatch>()));

        Assert.Contains("No file has been imported yet", view.Find("[data-testid=import-history]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(413, "", "larger than the server accepts")]
    [InlineData(400, """{"title":"One or more validation errors occurred.","errors":{"errors":["The file is larger than the 1024 MB limit."]}}""", "1024 MB limit")]
    [InlineData(403, """{"detail":"Only administrators can import tasks."}""", "Only administrators")]
    public void DescribeHttpFailure_ProblemResponses_GiveOneSentence(int status, string body, string expected)
    {
        Assert.Contains(expected, ImportPanel.DescribeHttpFailure(status, body), StringComparison.Ordinal);
    }
}
