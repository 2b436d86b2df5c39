using LabelStudio.Data.Common;
using LabelStudio.Data.Datasets;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>
/// A version's JSON Lines file is written in the same pass that freezes its labels; written again later from the stored
/// items (as the export job does when a file is missing) it must give the same bytes, so that a download is the same
/// file whichever way it was made.
/// </summary>
public sealed class DatasetSinglePassTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task CreateVersion_JsonLinesWrittenWhileFreezing_SameBytesAsWrittenAgainFromTheStoredItems()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var version = await _s.Lead.CreateVersionAsync(project, new { name = "One pass", formats = new[] { "jsonl" } });
        var id = version.GetProperty("id").GetInt64();
        var once = await _s.Lead.DownloadAsync(id, "jsonl");
        var sha = await _s.App.QueryAsync(db => db.DatasetFiles.Where(f => f.DatasetVersionId == id && f.Format == "jsonl")
            .Select(f => f.Sha256).SingleAsync());

        // The file and its record forgotten, the export job writes it again from the version's items.
        await _s.App.QueryAsync(db => db.DatasetFiles.Where(f => f.DatasetVersionId == id).ExecuteDeleteAsync());
        File.Delete(_s.App.Services.GetRequiredService<DatasetStorage>().FilePath(id, DatasetFormats.Find("jsonl")!));
        using var scope = _s.App.Services.CreateScope();
        var again = await scope.ServiceProvider.GetRequiredService<DatasetService>().WriteInlineAsync(id, "jsonl", Actor.System, null);

        Assert.Equal(3, once.Count(b => b == (byte)'\n'));
        Assert.Equal(once, await File.ReadAllBytesAsync(again.Path!));
        Assert.Equal(sha, again.Sha256);
    }
}
