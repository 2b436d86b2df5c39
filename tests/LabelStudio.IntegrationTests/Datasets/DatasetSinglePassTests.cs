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

    [Fact]
    public async Task Download_VersionWithItemsInTableRows_SameBytesAndDiffAsFromItsItemsFile()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var old = (await _s.Lead.CreateVersionAsync(project, new { name = "Older build", formats = new[] { "jsonl" } })).GetProperty("id").GetInt64();
        var current = (await _s.Lead.CreateVersionAsync(project, new { name = "This build", formats = new[] { "jsonl" } })).GetProperty("id").GetInt64();
        var once = await _s.Lead.DownloadAsync(old, "jsonl");
        var storage = _s.App.Services.GetRequiredService<DatasetStorage>();

        // The version as an older build left it: its items as DatasetItems rows, no items file, the file to be written again.
        var items = DatasetItemsFile.Read(storage, old).ToList();
        await _s.App.QueryAsync(async db =>
        {
            db.DatasetItems.AddRange(items.Select(i => new DatasetItem
            {
                DatasetVersionId = old, TaskId = i.TaskId, Split = i.Split, State = i.State, Origin = i.Origin, LabelKey = i.LabelKey,
                LabelsJson = System.Text.Encoding.UTF8.GetString(i.LabelsJson),
            }));
            await db.SaveChangesAsync();
            return await db.DatasetFiles.Where(f => f.DatasetVersionId == old).ExecuteDeleteAsync();
        });
        File.Delete(DatasetItemsFile.PathOf(storage, old));
        File.Delete(storage.FilePath(old, DatasetFormats.Find("jsonl")!));
        using var scope = _s.App.Services.CreateScope();
        var again = await scope.ServiceProvider.GetRequiredService<DatasetService>().WriteInlineAsync(old, "jsonl", Actor.System, null);
        var diff = await scope.ServiceProvider.GetRequiredService<DatasetDiffService>().DiffAsync(current, old, Actor.System);

        Assert.Equal(3, items.Count);
        Assert.Equal(once, await File.ReadAllBytesAsync(again.Path!));
        Assert.Equal((3, 0, 0, 0), (diff.Unchanged, diff.Changed, diff.Added, diff.Removed));
    }
}
